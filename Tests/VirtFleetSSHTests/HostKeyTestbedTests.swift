import Foundation
import Testing
import VirtFleetSSH
import VirtFleetTestSupport

/// Host keys are checked against known_hosts: unknown keys are refused unless
/// accept-new is chosen, changed keys are refused always.
@Suite("SSH host key checking", .serialized, .tags(.testbed, .root))
struct HostKeyTestbedTests {
    @Test func unknownHostKeyIsRefusedWithItsFingerprint() async throws {
        let hv1 = try Testbed.host("hv1")
        let expected = try openSSHFingerprint(Testbed.hostKeyFile("hv1"))
        try await withTemporaryDirectory { scratch in
            var target = hv1.target
            target.knownHostsFile = try scratch.file("known_hosts")

            let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
            #expect(error?.kind == .hostKeyUnknown)
            #expect(error?.fingerprint == expected)
            let text = error?.description ?? ""
            #expect(text.contains(expected))
            #expect(text.contains(hv1.endpoint))
            #expect(text.contains("ssh-keyscan -p \(hv1.port) -t ed25519 \(hv1.address)"))
            #expect(text.contains("accept-new"))
            #expect(try String(contentsOfFile: target.knownHostsFile!, encoding: .utf8).isEmpty, "strict mode wrote known_hosts")
        }
    }

    @Test func acceptNewAddsTheKeyThenStrictAcceptsIt() async throws {
        let hv1 = try Testbed.host("hv1")
        try await withTemporaryDirectory { scratch in
            var target = hv1.target
            target.knownHostsFile = try scratch.file("known_hosts")
            target.hostKeyPolicy = .acceptNew

            let first = try await SSHSession.connect(target)
            await first.close()
            let written = try String(contentsOfFile: target.knownHostsFile!, encoding: .utf8)
            let hostKey = try String(contentsOfFile: Testbed.hostKeyFile("hv1"), encoding: .utf8)
                .split(separator: " ").prefix(2).joined(separator: " ")
            #expect(written.contains(hostKey), "known_hosts after accept-new: \(written)")

            target.hostKeyPolicy = .strict
            let second = try await SSHSession.connect(target)
            #expect(try await second.run("true").exitStatus == 0)
            await second.close()
        }
    }

    @Test(arguments: HostKeyPolicy.allCases)
    func changedHostKeyIsRefused(policy: HostKeyPolicy) async throws {
        let hv1 = try Testbed.host("hv1")
        // hv2's key recorded for hv1's address: what a man in the middle looks like.
        let otherKey = try String(contentsOfFile: Testbed.hostKeyFile("hv2"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let recorded = "[\(hv1.address)]:\(hv1.port) \(otherKey)\n"
        try await withTemporaryDirectory { scratch in
            var target = hv1.target
            target.knownHostsFile = try scratch.file("known_hosts", contents: recorded)
            target.hostKeyPolicy = policy

            let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
            #expect(error?.kind == .hostKeyChanged)
            #expect(error?.description.contains("HOST KEY CHANGED") == true)
            #expect(error?.fingerprint == (try openSSHFingerprint(Testbed.hostKeyFile("hv1"))))
            #expect(try String(contentsOfFile: target.knownHostsFile!, encoding: .utf8) == recorded)
        }
    }
}

/// `@revoked` and `@cert-authority` lines, which libssh 0.10 ignores, are honoured.
@Suite("SSH known_hosts markers", .serialized, .tags(.testbed, .root))
struct KnownHostsMarkerTestbedTests {
    @Test(arguments: HostKeyPolicy.allCases)
    func aRevokedKeyIsRefusedEvenWhenAlsoListedAndNeverReAdded(policy: HostKeyPolicy) async throws {
        let hv1 = try Testbed.host("hv1")
        let hostKey = try String(contentsOfFile: Testbed.hostKeyFile("hv1"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let recorded = "[\(hv1.address)]:\(hv1.port) \(hostKey)\n@revoked * \(hostKey)\n"
        try await withTemporaryDirectory { scratch in
            var target = hv1.target
            target.hostKeyPolicy = policy
            for contents in [recorded, "@revoked * \(hostKey)\n"] {  // listed too, and (accept-new) not listed
                target.knownHostsFile = try scratch.file("known_hosts", contents: contents)
                let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
                #expect(error?.kind == .hostKeyCheck)
                let line = contents == recorded ? 2 : 1
                #expect(
                    error?.message.contains("@revoked in \(target.knownHostsFile!) line \(line)") == true, "\(String(describing: error))")
                #expect(try String(contentsOfFile: target.knownHostsFile!, encoding: .utf8) == contents, "known_hosts was changed")
            }
        }
    }

    @Test func aHostTrustedOnlyThroughACertificateAuthorityIsRefusedClearly() async throws {
        let hv1 = try Testbed.host("hv1")
        let caKey = try String(contentsOfFile: Testbed.hostKeyFile("hv2"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        try await withTemporaryDirectory { scratch in
            var target = hv1.target
            target.hostKeyPolicy = .acceptNew
            let contents = "@cert-authority [127.0.0.1?]:\(hv1.port) \(caKey)\n"
            target.knownHostsFile = try scratch.file("known_hosts", contents: contents)
            let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
            #expect(error?.kind == .hostKeyUnknown)
            #expect(error?.message.contains("@cert-authority") == true)
            #expect(error?.message.contains("list the host key itself") == true, "\(String(describing: error))")
            #expect(try String(contentsOfFile: target.knownHostsFile!, encoding: .utf8) == contents)
        }
    }
}
