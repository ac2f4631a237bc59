import CLibSSH
import Foundation

/// Logs in with what the operator already has, in OpenSSH's order: ssh-agent,
/// then the key files (explicit ones, else the config's IdentityFile entries and
/// the default keys). When all fail, the error lists everything that was tried.
struct ClientAuthentication {
    let session: OpaquePointer
    let target: SSHTarget
    let endpoint: String

    func authenticate() throws {
        var tried: [String] = []
        let agentSocket = target.agentSocket ?? ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        if target.useAgent, let socket = agentSocket, !socket.isEmpty {
            if try succeeded(ssh_userauth_agent(session, nil)) { return }
            tried.append("ssh-agent at \(socket)")
        }
        for path in target.identityFiles.map(SessionOptions.expandingTilde) {
            guard FileManager.default.fileExists(atPath: path) else {
                tried.append("\(path) (no such file)")
                continue
            }
            var key: OpaquePointer?
            guard ssh_pki_import_privkey_file(path, nil, nil, nil, &key) == SSH_OK, let key else {
                tried.append("\(path) (unreadable, or protected by a passphrase: load it into ssh-agent)")
                continue
            }
            defer { ssh_key_free(key) }
            if try succeeded(ssh_userauth_publickey(session, nil, key)) { return }
            tried.append("\(path) (rejected)")
        }
        if target.identityFiles.isEmpty {
            if try succeeded(ssh_userauth_publickey_auto(session, nil, nil)) { return }
            tried.append("the ssh config's IdentityFile keys and the default keys in ~/.ssh")
        }
        throw SSHError(
            .authentication, host: endpoint,
            "authentication failed for every method tried: " + tried.joined(separator: "; "))
    }

    /// True on success, false on "try the next method", throws when the connection broke.
    private func succeeded(_ code: Int32) throws -> Bool {
        switch code {
        case SSH_AUTH_SUCCESS.rawValue: return true
        case SSH_AUTH_ERROR.rawValue:
            let message = ssh_get_error(UnsafeMutableRawPointer(session)).map { String(cString: $0) } ?? "unknown error"
            throw SSHError(.authentication, host: endpoint, "authentication broke off: \(message)")
        default: return false
        }
    }
}
