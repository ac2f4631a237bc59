import Foundation

/// What the command line needs to know about where it prints.
enum Terminal {
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Colour on a terminal, none when piped, with NO_COLOR set, or TERM=dumb.
    static var useColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        return stdoutIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    /// Who is applying, written beside each host's lock.
    static var holder: String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? "uid \(getuid())"
        let since = ISO8601DateFormatter().string(from: Date())
        return "\(user)@\(ProcessInfo.processInfo.hostName) pid \(getpid()) since \(since)"
    }

    /// Asks on the terminal; true only for "yes", as Terraform does.
    static func confirm(_ question: String) -> Bool {
        Output.write(question + " ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
