import CLibSSH
import Foundation

extension SessionLoop {
    /// Connects, checks the host key, and logs in; on any failure nothing stays open.
    func open(_ target: SSHTarget) throws {
        guard let session = ssh_new() else {
            throw SSHError(.configuration, host: target.host, "libssh could not create a session")
        }
        var temporaryFiles: [String] = []
        // The jump hosts' ssh reads its config when it starts, during ssh_connect.
        defer { for file in temporaryFiles { try? FileManager.default.removeItem(atPath: file) } }
        do {
            endpoint = try SessionOptions(target: target).apply(to: session, temporaryFiles: &temporaryFiles)
            let clock = ContinuousClock()
            let started = clock.now
            guard ssh_connect(session) == SSH_OK else {
                let message = ssh_get_error(UnsafeMutableRawPointer(session)).map { String(cString: $0) } ?? "unknown error"
                let timedOut = message.lowercased().contains("timeout") || message.lowercased().contains("timed out")
                throw SSHError(timedOut ? .timeout : .connect, host: endpoint, "cannot connect: \(message)")
            }
            try HostKeyCheck(session: session, policy: target.hostKeyPolicy, endpoint: endpoint).verify()
            let connected = clock.now
            try ClientAuthentication(session: session, target: target, endpoint: endpoint).authenticate()
            openingTimes = SSHOpeningTimes(handshake: connected - started, authentication: clock.now - connected)
            guard LibSSHOptions(session: session).setTimeout(target.operationTimeout) else {
                throw SSHError(.configuration, host: endpoint, "libssh rejected the operation timeout")
            }
        } catch {
            ssh_disconnect(session)
            ssh_free(session)
            throw error
        }
        self.session = session
        event = ssh_event_new()
        if let event { _ = ssh_event_add_session(event, session) }
        operationTimeout = target.operationTimeout
        keepaliveInterval = target.keepaliveInterval
        keepaliveCountMax = max(1, target.keepaliveCountMax)
        heard()
    }
}
