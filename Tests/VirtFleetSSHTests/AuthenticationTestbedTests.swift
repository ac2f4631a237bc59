import Foundation
import Testing
import VirtFleetSSH
import VirtFleetTestSupport

/// Login with key files of every common type and with ssh-agent; a refused
/// login names the host and what was tried.
@Suite("SSH authentication", .serialized, .tags(.testbed, .root))
struct AuthenticationTestbedTests {
    @Test(arguments: ["ed25519", "ecdsa", "rsa"])
    func keyFileOfEachTypeLogsIn(type: String) async throws {
        try await withSession("hv3", adjusting: { $0.identityFiles = [Testbed.clientKey(type)] }) { (session, _) throws in
            #expect(try await session.run("whoami").stdout.text == "hv3\n")
        }
    }

    @Test func wrongClientKeyIsRefused() async throws {
        let hv1 = try Testbed.host("hv1")
        try await withTemporaryDirectory { scratch in
            let stranger = scratch.path("id_stranger")
            try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]).checked()
            var target = hv1.target
            target.identityFiles = [stranger, scratch.path("missing_key")]

            let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
            #expect(error?.kind == .authentication)
            let text = error?.description ?? ""
            #expect(text.contains(hv1.endpoint))
            #expect(text.contains("\(stranger) (rejected)"))
            #expect(text.contains("missing_key (no such file)"))
        }
    }

    @Test func agentKeyLogsIn() async throws {
        let hv2 = try Testbed.host("hv2")
        try await withTemporaryDirectory { scratch in
            let socket = scratch.path("agent.sock")
            let agent = Process()
            agent.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
            agent.arguments = ["-D", "-a", socket]  // foreground, so the test owns and ends it
            let announcement = Pipe()
            agent.standardOutput = announcement
            agent.standardError = FileHandle.nullDevice
            try agent.run()
            defer {
                kill(agent.processIdentifier, SIGKILL)
                agent.waitUntilExit()
            }
            // The agent prints `SSH_AUTH_SOCK=…` once its socket is listening.
            var ready = ""
            while !ready.contains("export SSH_AUTH_SOCK") {
                let chunk = announcement.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                ready += String(decoding: chunk, as: UTF8.self)
            }
            try #require(ready.contains("SSH_AUTH_SOCK=\(socket)"), "ssh-agent said: \(ready)")
            try ProcessRunner.run(
                "/usr/bin/ssh-add", ["-q", Testbed.clientKey("ecdsa")],
                environment: ["SSH_AUTH_SOCK": socket]
            ).checked()

            var target = hv2.target
            target.identityFiles = []
            target.useAgent = true
            target.agentSocket = socket
            let session = try await SSHSession.connect(target)
            #expect(try await session.run("whoami").stdout.text == "hv2\n")
            await session.close()

            try ProcessRunner.run("/usr/bin/ssh-add", ["-q", "-D"], environment: ["SSH_AUTH_SOCK": socket]).checked()
            let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
            #expect(error?.kind == .authentication)
            #expect(error?.description.contains("ssh-agent at \(socket)") == true)
        }
    }
}
