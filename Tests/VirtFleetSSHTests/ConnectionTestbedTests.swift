import Foundation
import Testing
import VirtFleetSSH
import VirtFleetTestSupport

/// Reaching hosts: failures to connect, ssh config aliases and overrides, ProxyJump.
@Suite("SSH connection setup", .serialized, .tags(.testbed, .root))
struct ConnectionTestbedTests {
    @Test func refusedConnectionIsAConnectErrorNamingTheAddress() async throws {
        var target = try Testbed.host("hv1").target
        target.host = "127.0.0.99"
        target.port = 1
        let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
        #expect(error?.kind == .connect)
        #expect(error?.description.contains("127.0.0.99:1") == true)
    }

    @Test func silentServerFailsAsATimeout() async throws {
        let listener = try SilentListener()
        var target = try Testbed.host("hv1").target
        target.host = "127.0.0.1"
        target.port = listener.port
        target.connectTimeout = .seconds(1)
        let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.description.contains("127.0.0.1:\(listener.port)") == true)
    }

    @Test func configAliasResolvesHostNamePortUserAndIdentity() async throws {
        let hv1 = try Testbed.host("hv1")
        try await withTemporaryDirectory { scratch in
            let config = try scratch.file(
                "config",
                contents: """
                    Host myalias
                        HostName \(hv1.address)
                        Port \(hv1.port)
                        User \(hv1.user)
                        IdentityFile \(hv1.identityFile)
                        UserKnownHostsFile \(hv1.knownHosts)

                    """)
            let target = SSHTarget(host: "myalias", configFile: config, useAgent: false, connectTimeout: .seconds(5))
            let session = try await SSHSession.connect(target)
            #expect(session.endpoint == "myalias (\(hv1.endpoint))")
            #expect(try await session.run("whoami").stdout.text == "\(hv1.user)\n")
            await session.close()
        }
    }

    @Test func explicitSettingsOverrideTheConfig() async throws {
        let hv2 = try Testbed.host("hv2")
        try await withTemporaryDirectory { scratch in
            var target = hv2.target
            target.configFile = try scratch.file(
                "config",
                contents: """
                    Host \(hv2.address)
                        Port 1
                        User nobody
                        UserKnownHostsFile /nonexistent/known_hosts

                    """)
            let session = try await SSHSession.connect(target)
            #expect(session.endpoint == hv2.endpoint)
            #expect(try await session.run("whoami").stdout.text == "\(hv2.user)\n")
            await session.close()
        }
    }

    @Test func proxyJumpGoesThroughTheJumpHost() async throws {
        let hv1 = try Testbed.host("hv1")
        let hv2 = try Testbed.host("hv2")
        try await withTemporaryDirectory { scratch in
            var target = hv1.target
            target.configFile = try scratch.file(
                "config",
                contents: """
                    Host jump
                        HostName \(hv2.address)
                        Port \(hv2.port)
                        User \(hv2.user)
                        IdentityFile \(hv2.identityFile)
                        UserKnownHostsFile \(hv2.knownHosts)
                        StrictHostKeyChecking yes
                    Host deadjump
                        HostName 127.0.0.99
                        Port 1

                    """)
            target.proxyJump = "jump"
            let session = try await SSHSession.connect(target)
            #expect(try await session.run("whoami").stdout.text == "\(hv1.user)\n")
            await session.close()

            target.proxyJump = "deadjump"
            let error = await #expect(throws: SSHError.self) { try await SSHSession.connect(target) }
            #expect(error?.kind == .connect, "\(String(describing: error))")
        }
    }
}
