import Foundation
import Testing
import VirtFleetSSH
import VirtFleetTestSupport

/// Connects to a testbed host, runs `body`, and closes the session before returning, also when
/// `body` throws (never left to a detached task or to deinit).
func withSession<T>(
    _ hostName: String, adjusting adjust: (inout SSHTarget) -> Void = { _ in },
    _ body: (SSHSession, TestbedHost) async throws -> T
) async throws -> T {
    let host = try Testbed.host(hostName)
    var target = host.target
    adjust(&target)
    let session = try await SSHSession.connect(target)
    do {
        let result = try await body(session, host)
        await session.close()
        return result
    } catch {
        await session.close()
        throw error
    }
}

/// The SHA256 fingerprint OpenSSH itself prints for a public key file.
func openSSHFingerprint(_ publicKeyFile: String) throws -> String {
    let line = try ProcessRunner.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", publicKeyFile]).checked().output
    return String(line.split(separator: " ")[1])
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
