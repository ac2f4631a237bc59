import Foundation

/// libssh 0.10 has no built-in jump host support, so `ProxyJump` becomes an
/// OpenSSH ProxyCommand: `ssh -W [%h]:%p` through the last hop, earlier hops via `-J`.
struct ProxyJumpCommand {
    /// As for `ssh -J`: `[user@]host[:port]`, comma-separated.
    let jumps: String
    /// Passed as `-F` so the jump hosts resolve through the same config file.
    let configFile: String?

    var command: String {
        var hops = jumps.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let last = hops.removeLast()
        var words = ["ssh", "-o", "BatchMode=yes"]
        if let configFile { words += ["-F", configFile] }
        if !hops.isEmpty { words += ["-J", hops.joined(separator: ",")] }
        words += ["-W", "[%h]:%p", Self.destination(last)]
        return words.map(ShellQuote.quote).joined(separator: " ")
    }

    /// `user@host:port` is not a valid `ssh` destination; `ssh://user@host:port` is.
    static func destination(_ hop: String) -> String {
        guard hop.contains(":") else { return hop }
        return "ssh://" + hop
    }
}
