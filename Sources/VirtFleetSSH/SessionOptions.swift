import CLibSSH
import Foundation

/// Applies an `SSHTarget` to a fresh libssh session in OpenSSH's order: the
/// config file first, then the explicit settings, which win (a port set before
/// parsing the config would be overwritten by it).
struct SessionOptions {
    let target: SSHTarget

    /// Configures `session`; returns how the host is named in messages. Files it wrote for the
    /// connection (the ProxyJump hops' config) are added to `temporaryFiles`, to remove once connected.
    func apply(to session: OpaquePointer, temporaryFiles: inout [String]) throws -> String {
        let options = LibSSHOptions(session: session)
        let asked = target.host
        func fail(_ message: String) -> SSHError { SSHError(.configuration, host: asked, message) }

        guard options.set(SSH_OPTIONS_HOST, target.host) else { throw fail("invalid host '\(target.host)'") }
        if let file = target.configFile.map(Self.expandingTilde) {
            guard FileManager.default.isReadableFile(atPath: file) else { throw fail("ssh config file \(file) is not readable") }
            guard ssh_options_parse_config(session, file) == SSH_OK else { throw fail("cannot parse ssh config \(file)") }
        } else if ssh_options_parse_config(session, nil) != SSH_OK {
            throw fail("cannot parse ~/.ssh/config")
        }

        if let user = target.user, !options.set(SSH_OPTIONS_USER, user) { throw fail("invalid user '\(user)'") }
        if options.get(SSH_OPTIONS_USER) == nil { _ = options.set(SSH_OPTIONS_USER, nil) }  // the local user
        if let port = target.port {
            guard (1...65535).contains(port), options.set(SSH_OPTIONS_PORT, uint: UInt32(port)) else {
                throw fail("invalid port \(port)")
            }
        }
        if let file = target.knownHostsFile, !file.isEmpty {
            guard options.set(SSH_OPTIONS_KNOWNHOSTS, Self.expandingTilde(file)) else { throw fail("invalid known_hosts path \(file)") }
        }
        // ProxyJump from the inventory, or from the config (libssh turns it into a ProxyCommand
        // whose ssh would read ~/.ssh/config and none of the inventory's settings): either way the
        // hops get the inventory's key, known_hosts and host-key policy, and the same config file.
        let fromConfig = options.get(SSH_OPTIONS_PROXYCOMMAND).flatMap(ProxyJumpCommand.jumps(fromLibSSH:))
        if let jumps = target.proxyJump.flatMap({ $0.isEmpty ? nil : $0 }) ?? fromConfig {
            let file = try JumpHostConfig(target: target).write()
            temporaryFiles.append(file)
            let command = ProxyJumpCommand(jumps: jumps, configFile: file).command
            guard options.set(SSH_OPTIONS_PROXYCOMMAND, command) else { throw fail("invalid ProxyJump '\(jumps)'") }
        }
        if let socket = target.agentSocket {
            guard options.set(SSH_OPTIONS_IDENTITY_AGENT, Self.expandingTilde(socket)) else { throw fail("invalid agent socket \(socket)") }
        }
        guard options.set(SSH_OPTIONS_NODELAY, int: 1),
            options.set(SSH_OPTIONS_PROCESS_CONFIG, int: 0),
            options.setTimeout(target.connectTimeout)
        else { throw fail("libssh rejected the session options") }
        return endpoint(options)
    }

    /// `user@host:port`, prefixed by the alias when the config renamed the host.
    private func endpoint(_ options: LibSSHOptions) -> String {
        let host = options.get(SSH_OPTIONS_HOST) ?? target.host
        let user = options.get(SSH_OPTIONS_USER).map { $0 + "@" } ?? ""
        let port = options.port.map { ":\($0)" } ?? ""
        let resolved = user + host + port
        return host == target.host ? resolved : "\(target.host) (\(resolved))"
    }

    static func expandingTilde(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }
}
