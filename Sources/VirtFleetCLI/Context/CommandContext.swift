import Foundation
import VirtFleetHypervisor
import VirtFleetRemote

/// Everything a command touches outside itself: its output and error streams, what it knows of
/// the terminal, how it reaches hypervisors, and the clock. `run()` builds the real one; tests
/// build one with captured streams and fake hypervisors and call `run(_:)` in-process.
public struct CommandContext: Sendable {
    public var output: any TextOutput
    public var errors: any TextOutput
    public var terminal: TerminalFacts
    /// Reads one answer from the terminal (nil at end of input).
    public var readLine: @Sendable () -> String?
    /// The hypervisor connector for the given deadlines (`--connect-timeout`, `--timeout`).
    public var connector: @Sendable (_ settings: ConnectionSettings) -> any HypervisorConnector
    public var now: @Sendable () -> Date
    /// Who runs this command (user@machine pid N), written beside each host's apply lock.
    public var identity: String

    public init(
        output: any TextOutput, errors: any TextOutput, terminal: TerminalFacts,
        readLine: @escaping @Sendable () -> String?,
        connector: @escaping @Sendable (ConnectionSettings) -> any HypervisorConnector,
        now: @escaping @Sendable () -> Date, identity: String
    ) {
        self.output = output
        self.errors = errors
        self.terminal = terminal
        self.readLine = readLine
        self.connector = connector
        self.now = now
        self.identity = identity
    }

    /// The real process: standard streams, the controlling terminal, SSH + libvirt RPC.
    public static func standard() -> CommandContext {
        let environment = ProcessInfo.processInfo.environment
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        let user = environment["USER"] ?? "uid \(getuid())"
        return CommandContext(
            output: FileDescriptorOutput(STDOUT_FILENO, name: "standard output"),
            errors: FileDescriptorOutput(STDERR_FILENO, name: "standard error"),
            terminal: TerminalFacts(
                stdinIsTerminal: isatty(STDIN_FILENO) == 1, stdoutIsTerminal: stdoutIsTerminal,
                color: stdoutIsTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"),
            readLine: { Swift.readLine() },
            connector: { RemoteHypervisorConnector($0) },
            now: { Date() },
            identity: "\(user)@\(ProcessInfo.processInfo.hostName) pid \(getpid())")
    }

    /// Written beside each host's lock, so a refused apply can say who holds it and since when.
    var lockHolder: String {
        "\(identity) since \(ISO8601DateFormatter().string(from: now()))"
    }

    /// Asks on the terminal; true only for "yes", as Terraform does.
    func confirm(_ question: String) throws -> Bool {
        try output.write(question + " ")
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}

/// What a command knows about where it prints and asks.
public struct TerminalFacts: Sendable {
    public var stdinIsTerminal: Bool
    public var stdoutIsTerminal: Bool
    /// Colour only on a terminal, without NO_COLOR, and not with TERM=dumb.
    public var color: Bool

    public init(stdinIsTerminal: Bool, stdoutIsTerminal: Bool, color: Bool) {
        self.stdinIsTerminal = stdinIsTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.color = color
    }
}
