import CLibSSH

/// Checks the server's host key against known_hosts before any credential is
/// sent. Unknown keys are refused (or added under `.acceptNew`); a changed key
/// is refused under every policy. Nothing here skips the check.
struct HostKeyCheck {
    let session: OpaquePointer
    let policy: HostKeyPolicy
    let endpoint: String

    func verify() throws {
        let key = try ServerKey(session: session, endpoint: endpoint)
        let options = LibSSHOptions(session: session)
        let file = options.get(SSH_OPTIONS_KNOWNHOSTS) ?? "~/.ssh/known_hosts"
        let host = options.get(SSH_OPTIONS_HOST) ?? "?"
        let port = options.port ?? 22
        let entry = port == 22 ? host : "[\(host)]:\(port)"
        // Markers first: a revoked key is refused before anything, accept-new included, adds it.
        let files = [file, options.get(SSH_OPTIONS_GLOBAL_KNOWNHOSTS)].compactMap { $0 }.map(SessionOptions.expandingTilde)
        let markers = KnownHostsMarker.load(files).filter { $0.matches(host: entry) }
        if let revoked = markers.first(where: { $0.kind == .revoked && $0.key == key.base64 }) {
            throw SSHError(
                .hostKeyCheck, host: endpoint,
                "REFUSED: the host key \(key.fingerprint) presented by \(entry) is marked @revoked in \(revoked.file) line \(revoked.line)",
                fingerprint: key.fingerprint)
        }
        let authority = markers.first { $0.kind == .certAuthority }
        let state = ssh_session_is_known_server(session)
        switch state {
        case SSH_KNOWN_HOSTS_OK:
            return
        case SSH_KNOWN_HOSTS_CHANGED, SSH_KNOWN_HOSTS_OTHER:
            let what = state == SSH_KNOWN_HOSTS_CHANGED ? "a different key" : "a key of another type"
            throw SSHError(
                .hostKeyChanged, host: endpoint,
                "REFUSED: HOST KEY CHANGED — \(file) holds \(what) for \(entry), the server now presents \(key.displayType) key \(key.fingerprint). Someone may be intercepting the connection; if the host was really reinstalled, verify the new fingerprint and run: ssh-keygen -R '\(entry)' -f \(file)",
                fingerprint: key.fingerprint)
        case SSH_KNOWN_HOSTS_UNKNOWN, SSH_KNOWN_HOSTS_NOT_FOUND:
            if let authority {
                throw SSHError(
                    .hostKeyUnknown, host: endpoint,
                    "host key not trusted: \(authority.file) line \(authority.line) trusts a @cert-authority for \(entry), but virtfleet does not support host certificates; list the host key itself (\(key.displayType) \(key.fingerprint)) in \(file)",
                    fingerprint: key.fingerprint)
            }
            if policy == .acceptNew {
                guard ssh_session_update_known_hosts(session) == SSH_OK else {
                    throw SSHError(
                        .hostKeyCheck, host: endpoint, "cannot add the host key \(key.fingerprint) to \(file): \(message)",
                        fingerprint: key.fingerprint)
                }
                return
            }
            let portFlag = port == 22 ? "" : "-p \(port) "
            throw SSHError(
                .hostKeyUnknown, host: endpoint,
                "host key not trusted: \(entry) presents \(key.displayType) key \(key.fingerprint), which is not in \(file). Check the fingerprint, then trust it with: ssh-keyscan \(portFlag)-t \(key.scanType) \(host) >> \(file) (or set host_key_checking: accept-new)",
                fingerprint: key.fingerprint)
        default:
            throw SSHError(
                .hostKeyCheck, host: endpoint, "cannot check the host key \(key.fingerprint) against \(file): \(message)",
                fingerprint: key.fingerprint)
        }
    }

    private var message: String {
        ssh_get_error(UnsafeMutableRawPointer(session)).map { String(cString: $0) } ?? "unknown error"
    }
}

/// What to do with a host key that known_hosts does not list yet. A key that
/// differs from a listed one is refused under every policy.
public enum HostKeyPolicy: String, Sendable, Hashable, CaseIterable {
    /// Refuse unknown keys (OpenSSH `StrictHostKeyChecking yes`).
    case strict
    /// Add unknown keys to known_hosts (OpenSSH `StrictHostKeyChecking accept-new`).
    case acceptNew = "accept-new"
}
