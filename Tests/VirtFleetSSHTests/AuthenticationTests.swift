import Foundation
import Testing
import VirtFleetSSH

/// Login with key files of every common type and with ssh-agent; a refused
/// login names the host and what was tried.
@Suite("SSH authentication", .serialized)
struct AuthenticationTests {
    @Test(arguments: ["ed25519", "ecdsa", "rsa"])
    func keyFileOfEachTypeLogsIn(type: String) async throws {
        var target = try Testbed.host("hv3").target
        target.identityFiles = [Testbed.clientKey(type)]
        let session = try await SSHSession.connect(target)
        #expect(try await session.run("whoami").stdout.text == "hv3\n")
        await session.close()
    }

    @Test func wrongClientKeyIsRefused() async throws {
        let hv1 = try Testbed.host("hv1")
        let scratch = try ScratchDirectory()
        let stranger = (scratch.path as NSString).appendingPathComponent("id_stranger")
        try runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger])
        var target = hv1.target
        target.identityFiles = [stranger, scratch.path + "/missing_key"]

        let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
        #expect(error?.kind == .authentication)
        let text = error?.description ?? ""
        #expect(text.contains(hv1.endpoint))
        #expect(text.contains("\(stranger) (rejected)"))
        #expect(text.contains("missing_key (no such file)"))
    }

    @Test func agentKeyLogsIn() async throws {
        let hv2 = try Testbed.host("hv2")
        let scratch = try ScratchDirectory()
        let socket = (scratch.path as NSString).appendingPathComponent("agent.sock")
        let agent = Process()
        agent.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        agent.arguments = ["-D", "-a", socket]  // foreground, so the test owns and ends it
        agent.standardOutput = FileHandle.nullDevice
        agent.standardError = FileHandle.nullDevice
        try agent.run()
        defer {
            kill(agent.processIdentifier, SIGKILL)
            agent.waitUntilExit()
        }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { try await Task.sleep(for: .milliseconds(20)) }
        try runTool("/usr/bin/ssh-add", ["-q", Testbed.clientKey("ecdsa")], environment: ["SSH_AUTH_SOCK": socket])

        var target = hv2.target
        target.identityFiles = []
        target.useAgent = true
        target.agentSocket = socket
        let session = try await SSHSession.connect(target)
        #expect(try await session.run("whoami").stdout.text == "hv2\n")
        await session.close()

        try runTool("/usr/bin/ssh-add", ["-q", "-D"], environment: ["SSH_AUTH_SOCK": socket])
        let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
        #expect(error?.description.contains("ssh-agent at \(socket)") == true)
    }
}
