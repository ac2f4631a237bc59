import Foundation
import Testing
import VirtFleetSSH
import VirtFleetTestSupport

/// Commands and channels on one session against the testbed's real sshd.
@Suite("SSH commands and channels", .serialized, .tags(.testbed, .root))
struct CommandTestbedTests {
    @Test func runReturnsOutputAndExitStatus() async throws {
        try await withSession("hv1") { session, hv1 in
            #expect(session.endpoint == hv1.endpoint)
            let result = try await session.run("echo hello; echo oops >&2; whoami; exit 3")
            #expect(result.stdout.text == "hello\n\(hv1.user)\n")
            #expect(result.stderr.text == "oops\n")
            #expect(result.exitStatus == 3)
            #expect(result.exitSignal == nil)
        }
    }

    /// Each command leaves a marker and then waits to see the other's: both can only report
    /// seeing the other if their channels ran at the same time. (The 30 s bound only keeps a
    /// broken client from hanging the test; it is not what is measured.)
    @Test func twoCommandsRunConcurrentlyOnOneSession() async throws {
        let folder = "/tmp/vftest-overlap-\(UUID().uuidString.prefix(8).lowercased())"
        func rendezvous(_ me: String, _ other: String) -> String {
            "mkdir -p \(folder) && touch \(folder)/\(me) && "
                + "for i in $(seq 300); do [ -e \(folder)/\(other) ] && echo '\(me) saw \(other)' && exit 0; sleep 0.1; done; "
                + "echo '\(me) ran alone'; exit 1"
        }
        try await withSession("hv1") { session, _ in
            async let first = session.run(rendezvous("one", "two"))
            async let second = session.run(rendezvous("two", "one"))
            let (a, b) = try await (first, second)
            _ = try? await session.run("rm -rf \(folder)")
            #expect(a.stdout.text == "one saw two\n")
            #expect(b.stdout.text == "two saw one\n")
            #expect(a.exitStatus == 0 && b.exitStatus == 0)
        }
    }

    @Test func manyQuickCommandsAllComplete() async throws {
        try await withSession("hv3") { session, _ in
            let outputs = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<30 {
                    group.addTask { try await session.run("echo \(i)").stdout.text }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(outputs == Set((0..<30).map { "\($0)\n" }))
        }
    }

    @Test func longLivedChannelEchoesWhileOtherCommandsRun() async throws {
        try await withSession("hv2") { session, _ in
            let cat = try await session.openExec("cat")
            // 1 MiB is larger than the SSH window, so writing must interleave with reading.
            let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }
            async let echoed: [UInt8] = {
                var received: [UInt8] = []
                while received.count < payload.count, let chunk = try await cat.read() { received += chunk }
                return received
            }()
            try await cat.write(payload)
            let other = try await session.run("echo meanwhile")
            #expect(other.stdout.text == "meanwhile\n")
            #expect(try await echoed == payload)

            try await cat.write(Array("last\n".utf8))
            try await cat.closeInput()
            var tail: [UInt8] = []
            while let chunk = try await cat.read() { tail += chunk }
            #expect(tail.text == "last\n")
            #expect(try await cat.wait().exitStatus == 0)
            await cat.close()
        }
    }

    @Test func frequentKeepalivesDoNotDisturbTraffic() async throws {
        // Many keepalives, but so many allowed unanswered (1,000 × 20 ms) that a loaded machine's slow
        // replies can never count as a frozen server: this test is about traffic, not silence.
        try await withSession(
            "hv2",
            adjusting: {
                $0.keepaliveInterval = .milliseconds(20)
                $0.keepaliveCountMax = 1_000
            }
        ) { session, _ in
            let cat = try await session.openExec("cat")
            try await Task.sleep(for: .milliseconds(300))  // lets keepalives go out while the channel idles
            try await cat.write(Array("ping".utf8))
            #expect(try await cat.read()?.text == "ping")
            #expect(try await session.run("echo pong").stdout.text == "pong\n")
            await cat.close()
        }
    }

    @Test func channelKeepsItsSessionOpen() async throws {
        // The session is not kept by the test: only the channel holds it.
        let cat = try await SSHSession.connect(Testbed.host("hv3").target).openExec("cat")
        try await cat.write(Array("still here".utf8))
        #expect(try await cat.read()?.text == "still here")
        await cat.close()
    }

    @Test func runTimesOut() async throws {
        try await withSession("hv1") { (session, _) throws in
            let error = await #expect(throws: SSHError.self) {
                try await session.run("sleep 30", timeout: .milliseconds(300))
            }
            #expect(error?.kind == .timeout)
            #expect(error?.message.contains("'sleep 30' did not finish within") == true)
            #expect(try await session.run("echo still usable").exitStatus == 0)
        }
    }

    @Test func lostConnectionFailsPendingAndLaterCalls() async throws {
        let hv1 = try Testbed.host("hv1")
        let session = try await SSHSession.connect(hv1.target)
        let cat = try await session.openExec("cat")
        // The remote shell's parent is this connection's sshd: killing it drops the connection.
        _ = try? await session.run("kill -9 $PPID", timeout: .seconds(5))
        let readError = await #expect(throws: SSHError.self) { _ = try await cat.read() }
        #expect(readError?.kind == .disconnected)
        #expect(readError?.description.contains(hv1.endpoint) == true)
        let later = await #expect(throws: SSHError.self) { try await session.run("true") }
        #expect(later?.kind == .disconnected)
        await session.close()
    }

    @Test func closedSessionRefusesWork() async throws {
        let session = try await SSHSession.connect(Testbed.host("hv1").target)
        await session.close()
        let error = await #expect(throws: SSHError.self) { try await session.run("true") }
        #expect(error?.kind == .closed)
    }
}
