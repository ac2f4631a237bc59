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

extension ProxyJumpCommand {
    /// The jump list behind a ProxyCommand libssh generated from a config file's `ProxyJump`
    /// (`ssh [-l user] [-p port] [-J rest] -W [%h]:%p first`, the `-W` argument quoted by some
    /// builds, Debian's 0.10.6 among them), or nil for any other command.
    /// libssh puts the first hop last and the rest in `-J`; the list comes back in ProxyJump order.
    static func jumps(fromLibSSH command: String) -> String? {
        var words = command.split(separator: " ").map(String.init)
        guard words.first == "ssh", words.count >= 4, words[words.count - 3] == "-W",
            ["[%h]:%p", "'[%h]:%p'"].contains(words[words.count - 2])
        else {
            return nil
        }
        let first = words.removeLast()
        words.removeLast(2)
        words.removeFirst()
        var user: String?
        var port: String?
        var rest: String?
        while words.count >= 2 {
            let (flag, value) = (words.removeFirst(), words.removeFirst())
            switch flag {
            case "-l": user = value
            case "-p": port = value
            case "-J": rest = value
            default: return nil
            }
        }
        guard words.isEmpty else { return nil }
        let hop = (user.map { $0 + "@" } ?? "") + first + (port.map { ":" + $0 } ?? "")
        return rest.map { hop + "," + $0 } ?? hop
    }
}

/// An ssh config written for the jump hosts' own `ssh`: the inventory's key, known_hosts and
/// host-key policy for every hop, then the ssh config the host uses (so aliases still resolve).
/// OpenSSH passes `-F` on to the `ssh` of each earlier hop, but not `-i` or `-o`, so a file is
/// the one way to reach all of them. It is removed once the connection is up.
struct JumpHostConfig {
    let target: SSHTarget

    var text: String {
        var lines = ["# written by virtfleet for its ProxyJump hops; removed after connecting", "Host *", "    BatchMode yes"]
        lines.append("    StrictHostKeyChecking \(target.hostKeyPolicy == .acceptNew ? "accept-new" : "yes")")
        if let file = target.knownHostsFile, !file.isEmpty {
            lines.append("    UserKnownHostsFile \(Self.quoted(SessionOptions.expandingTilde(file)))")
        }
        for key in target.identityFiles { lines.append("    IdentityFile \(Self.quoted(SessionOptions.expandingTilde(key)))") }
        let included =
            target.configFile.map { [SessionOptions.expandingTilde($0)] }
            ?? [SessionOptions.expandingTilde("~/.ssh/config"), "/etc/ssh/ssh_config"]
        for file in included where FileManager.default.isReadableFile(atPath: file) {
            lines.append("    Include \(Self.quoted(file))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file (0600, in the temporary folder) and returns its path.
    func write() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("virtfleet-jump-\(UUID().uuidString).conf").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SSHError(.configuration, host: target.host, "cannot write the ProxyJump config \(path)")
        }
        return path
    }

    private static func quoted(_ path: String) -> String {
        path.contains(" ") ? "\"\(path)\"" : path
    }
}
