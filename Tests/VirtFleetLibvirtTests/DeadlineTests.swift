import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// Every call has a deadline, the opening handshake's included: a daemon (or proxy) that stops
/// answering fails the call and the connection with a timeout naming libvirtd and the procedure.
@Suite struct DeadlineTests {
    @Test func aDaemonSilentFromTheFirstByteFailsTheOpenAtAUTHLIST() async throws {
        let silent = FakeDaemon(authTypes: [0], silent: true)
        let error = await #expect(throws: LibvirtConnectionError.self) {
            try await LibvirtConnection.open(
                stream: silent, uri: "qemu:///system",
                options: .init(host: "hv2", keepalive: nil, callTimeout: .milliseconds(200)))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.procedure == .authList)
        #expect(error?.description.hasPrefix("host hv2: libvirtd did not answer AUTH_LIST within") == true, "\(String(describing: error))")
    }

    /// Keepalive runs from the first byte: a daemon that never answers the handshake fails the
    /// open by unanswered pings, well before the (long) call deadline would.
    @Test func keepaliveCoversTheOpeningHandshake() async throws {
        let silent = FakeDaemon(authTypes: [0], silent: true)
        let error = await #expect(throws: LibvirtConnectionError.self) {
            try await LibvirtConnection.open(
                stream: silent, uri: "qemu:///system",
                options: .init(
                    host: "hv2", keepalive: KeepalivePolicy(interval: .milliseconds(40), maxUnanswered: 2), callTimeout: .seconds(30)))
        }
        #expect(error?.kind == .keepaliveTimeout)
        #expect(silent.received.contains { $0.header.program == .keepalive && $0.header.procedure == KeepaliveProcedure.ping.rawValue })
    }

    @Test func aCallWithoutAReplyFailsItAndTheConnection() async throws {
        let daemon = FakeDaemon()  // never answers getHostname
        // The opening calls get a deadline no loaded machine misses; the call under test a short one of its own.
        let connection = try await LibvirtConnection.open(
            stream: daemon, uri: "qemu:///system", options: .init(host: "hv1", keepalive: nil, callTimeout: .seconds(60)))
        let error = await #expect(throws: LibvirtConnectionError.self) {
            _ = try await connection.call(.connectGetHostname, body: [], timeout: .milliseconds(300))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.detail.contains("CONNECT_GET_HOSTNAME") == true, "\(String(describing: error))")
        #expect(await !connection.isOpen)
        let later = await #expect(throws: LibvirtConnectionError.self) { try await connection.getLibVersion() }
        #expect(later?.kind == .timeout)
        await connection.close()
    }

    @Test func answeredCallsAreNotTimedOut() async throws {
        let daemon = FakeDaemon { packet, daemon in
            var body = XDREncoder()
            body.string("hv1.example")
            daemon.reply(to: packet, body: body.bytes)
        }
        // A generous deadline for the opening calls; the calls under test carry 3 s deadlines each.
        let connection = try await LibvirtConnection.open(
            stream: daemon, uri: "qemu:///system", options: .init(host: "hv1", keepalive: nil, callTimeout: .seconds(60)))
        for _ in 0..<8 {  // 4 s in all: longer than one deadline, so the watchdog has re-armed
            let reply = try await connection.call(.connectGetHostname, body: [], timeout: .seconds(3))
            var decoder = XDRDecoder(reply)
            #expect(try decoder.string() == "hv1.example")
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(await connection.isOpen)
        await connection.close()
    }

    /// A call with a long deadline of its own (a full copy) must not carry the others' deadlines
    /// along: a short call made while it is pending still times out on time.
    @Test(.timeLimit(.minutes(1))) func aLongDeadlineDoesNotDelayAShortCallsTimeout() async throws {
        let daemon = FakeDaemon()  // answers none of these calls
        // Not opened: the handshake would have to beat the short call timeout on a loaded machine.
        let connection = LibvirtConnection(stream: daemon, host: "hv1", callTimeout: .milliseconds(500))
        await connection.startReading()
        let long = Task { try await connection.call(.storageVolCreateXMLFrom, body: [], timeout: .seconds(3600)) }
        await daemon.waitUntilReceived { packets in
            packets.contains { $0.header.procedure == RemoteProcedure.storageVolCreateXMLFrom.rawValue }
        }
        // With the connection's own timeout.
        let error = await #expect(throws: LibvirtConnectionError.self) {
            _ = try await connection.call(.connectGetHostname, body: [])
        }
        #expect(error?.kind == .timeout)
        #expect(error?.detail.contains("CONNECT_GET_HOSTNAME") == true, "\(String(describing: error))")
        // The connection failed as a whole: the long call ends with it.
        let longError = await #expect(throws: LibvirtConnectionError.self) { _ = try await long.value }
        #expect(longError?.kind == .timeout)
        await connection.close()
    }

    @Test func closeDoesNotWaitLongForASilentDaemon() async throws {
        let daemon = FakeDaemon(authTypes: [0], silentAfterOpen: true)
        let connection = try await LibvirtConnection.open(
            stream: daemon, uri: "qemu:///system", options: .init(host: "hv1", keepalive: nil, callTimeout: .seconds(600)))
        let closed = ClosedFlag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await connection.close()
                closed.set()
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                if !closed.value { Issue.record("close() waited 60 s for a daemon that never answers CONNECT_CLOSE") }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    @Test func durationsReadAsPeopleWriteThem() {
        #expect(describeDuration(.seconds(34.563325268999996)) == "34.6 s")
        #expect(describeDuration(.seconds(30)) == "30 s")
        #expect(describeDuration(.milliseconds(250)) == "250 ms")
    }
}

final class ClosedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false
    var value: Bool { lock.withLock { isSet } }
    func set() { lock.withLock { isSet = true } }
}
