import Foundation
import VirtFleetHypervisor
import VirtFleetLibvirt
import VirtFleetSSH

/// The remote command that carries libvirt's RPC (`virt-ssh-helper URI`), and the one place
/// that decides who to blame when the libvirt connection fails: sshd (the SSH session failed
/// or went silent), the proxy (it ended: its exit status and stderr tail), or libvirtd.
struct LibvirtProxy: Sendable {
    let host: String
    let command: String
    let channel: SSHChannel
    let ssh: SSHSession

    /// How much of the proxy's stderr a message shows (the newest part).
    static let stderrTailLimit = 2048

    func blame(_ error: any Error, opening: Bool) async -> HypervisorError {
        if let failure = ssh.failure {
            return HypervisorError(host: host, failure)
        }
        guard let connectionError = error as? LibvirtConnectionError else { return HypervisorError(host: host, error) }
        switch connectionError.kind {
        case .closed, .transport:
            // The proxy's output ended: wait a moment for its exit status and last words.
            await channel.finish(within: .seconds(2))
            if let failure = ssh.failure { return HypervisorError(host: host, failure) }
            guard let end = await channel.end(), end.ended || !end.stderr.isEmpty else {
                return HypervisorError(host: host, error)
            }
            return HypervisorError(
                host: host, cause: .proxy,
                message: "host \(host): the libvirt proxy '\(command)' on \(ssh.endpoint) \(Self.ending(end))"
                    + (opening ? " before libvirtd answered" : "") + Self.stderrPart(end))
        case .timeout, .keepaliveTimeout:
            // libvirt's pings and calls travel over SSH: if sshd has been silent too, it is the SSH connection.
            let keepalive = ssh.target.keepaliveInterval
            if ssh.silence > keepalive + .seconds(2) {
                return HypervisorError(
                    host: host, cause: .timeout,
                    message: "ssh \(ssh.endpoint): sshd stopped answering: nothing from the SSH server for "
                        + "\(describeDuration(ssh.silence)) (while waiting for libvirtd: \(connectionError.detail))")
            }
            let end = await channel.end()
            return HypervisorError(
                host: host, cause: .timeout,
                message: "host \(host): \(connectionError.detail) (through '\(command)' on \(ssh.endpoint); sshd is answering)"
                    + (end.map(Self.stderrPart) ?? ""))
        default:
            return HypervisorError(host: host, error)
        }
    }

    static func ending(_ end: SSHChannelEnd) -> String {
        if let signal = end.exitSignal { return "was killed by signal \(signal)" }
        if let status = end.exitStatus { return "exited with status \(status)" }
        return "closed its output"
    }

    static func stderrPart(_ end: SSHChannelEnd) -> String {
        let tail = stderrTail(end.stderr)
        return tail.isEmpty ? "" : "; its stderr: \(tail)"
    }

    /// The newest `stderrTailLimit` bytes of `bytes` as one line: trimmed, line breaks shown as
    /// ` ⏎ `, other control characters escaped (`\x1b`), so a hostile proxy cannot drive the terminal.
    static func stderrTail(_ bytes: [UInt8]) -> String {
        var tail = bytes.suffix(stderrTailLimit)
        // Do not start inside a UTF-8 sequence.
        while let first = tail.first, first & 0xC0 == 0x80 { tail = tail.dropFirst() }
        let text = String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var out = bytes.count > stderrTailLimit ? "…" : ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += " ⏎ "
            case "\r": continue
            case "\t": out += " "
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += String(format: "\\x%02x", scalar.value)
            case _ where scalar.properties.generalCategory == .format:  // bidi overrides and friends
                out += String(format: "\\u{%x}", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
