import Foundation
import Testing

@testable import VirtFleetLibvirt

/// The connection's behaviour against a scripted in-memory daemon: what it sends,
/// how replies find their callers, keepalive, errors and endings.
@Suite("Connection against a scripted daemon", .timeLimit(.minutes(1)))
struct ConnectionTests {
    private func open(_ daemon: FakeDaemon, readOnly: Bool = false, keepalive: KeepalivePolicy? = nil) async throws -> LibvirtConnection {
        try await LibvirtConnection.open(
            stream: daemon, uri: "qemu:///system", options: .init(host: "hv1", readOnly: readOnly, keepalive: keepalive))
    }

    @Test func openAsksForAuthTypesThenOpensTheURI() async throws {
        let daemon = FakeDaemon()
        let connection = try await open(daemon, readOnly: true)
        #expect(daemon.receivedProcedures == [66, 1])
        let openCall = try #require(daemon.received.last)
        #expect(openCall.header.type == .call && openCall.header.serial == 2)
        #expect(openCall.body == OpenArguments(name: "qemu:///system", flags: 1).xdrBytes)
        await connection.close()
        #expect(daemon.receivedProcedures == [66, 1, 2])
    }

    @Test func allCallsAreSentBeforeAnyReplyAndRepliesFindTheirCallers() async throws {
        let count = 50
        let held = HeldCalls()
        let daemon = FakeDaemon { packet, daemon in
            // Answer nothing until every lookup has arrived, then answer in reverse order.
            guard let batch = held.add(packet, whenCount: count) else { return }
            for call in batch.reversed() {
                var decoder = XDRDecoder(call.body)
                let name = (try? decoder.string()) ?? "?"
                daemon.reply(to: call, body: DomainReference(name: name, uuid: UUID(), id: 7).xdrBytes)
            }
        }
        let connection = try await open(daemon)
        let names = (0..<count).map { "guest-\($0)" }
        let found = try await withThrowingTaskGroup(of: (String, DomainReference).self) { group in
            for name in names { group.addTask { (name, try await connection.domainLookupByName(name)) } }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(found.count == count)
        #expect(found.allSatisfy { $0.key == $0.value.name })
        #expect(await connection.peakInFlightCount == count)
        let serials = daemon.received.dropFirst(2).map(\.header.serial)
        #expect(Set(serials).count == count)
        await connection.close()
    }

    @Test func errorReplyIsALibvirtErrorWithHostAndGuest() async throws {
        let daemon = FakeDaemon { packet, daemon in daemon.reply(to: packet, body: RemoteErrorTests.body, status: .error) }
        let connection = try await open(daemon)
        let error = await #expect(throws: LibvirtError.self) { try await connection.domainLookupByName("vm1") }
        #expect(error?.code == .noDomain)
        #expect(error?.host == "hv1" && error?.guest == "vm1")
        #expect(error?.message == "no vm1")
        await connection.close()
    }

    @Test func serverPingIsAnsweredWithPong() async throws {
        let daemon = FakeDaemon()
        let connection = try await open(daemon)
        daemon.send(
            Packet(
                header: PacketHeader(
                    program: .keepalive, procedure: KeepaliveProcedure.ping.rawValue, type: .message, serial: 0)))
        await daemon.waitUntilReceived { packets in
            packets.contains { $0 == FramingTests.pong }
        }
        #expect(daemon.received.contains { $0 == FramingTests.pong })
        await connection.close()
    }

    @Test func silentServerFailsTheConnectionByKeepalive() async throws {
        let daemon = FakeDaemon()  // answers no pings and never replies to getHostname
        // Pings run from the first byte, so the handshake must outlast the policy's tolerance even
        // when the suite shares 2 cores with booting TCG guests (40 ms × 2 failed there once, the
        // client's reader starved for a second): 3 unanswered pings a second apart.
        let connection = try await open(daemon, keepalive: KeepalivePolicy(interval: .seconds(1), maxUnanswered: 3))
        let error = await #expect(throws: LibvirtConnectionError.self) { try await connection.getHostname() }
        #expect(error?.kind == .keepaliveTimeout)
        #expect(error?.host == "hv1")
        let pings = daemon.received.filter { $0.header.program == .keepalive && $0.header.procedure == 1 }
        // Three unanswered in a row fail it; pings sent during the handshake were answered by its replies.
        #expect(pings.count >= 3)
        #expect(daemon.receivedProcedures.contains(60))  // asked whether keepalive is supported
    }

    @Test func endOfStreamFailsWaitingAndLaterCalls() async throws {
        let daemon = FakeDaemon { _, daemon in daemon.hangUp() }
        let connection = try await open(daemon)
        let error = await #expect(throws: LibvirtConnectionError.self) { try await connection.getHostname() }
        #expect(error?.kind == .closed)
        #expect(await !connection.isOpen)
        await #expect(throws: LibvirtConnectionError.self) { try await connection.getLibVersion() }
    }

    @Test func garbageFromTheServerIsAProtocolViolation() async throws {
        let daemon = FakeDaemon { _, daemon in daemon.send(bytes: [0, 0, 0, 3, 0xDE, 0xAD]) }
        let connection = try await open(daemon)
        let error = await #expect(throws: LibvirtConnectionError.self) { try await connection.getHostname() }
        #expect(error?.kind == .protocolViolation)
    }

    @Test func replyOfTheWrongShapeIsAProtocolViolation() async throws {
        let daemon = FakeDaemon { packet, daemon in daemon.reply(to: packet, body: [0, 0, 0, 9]) }
        let connection = try await open(daemon)
        let error = await #expect(throws: LibvirtConnectionError.self) { try await connection.getHostname() }
        #expect(error?.kind == .protocolViolation)
        await connection.close()
    }

    @Test func saslOnlyServerIsRefusedClearly() async throws {
        let daemon = FakeDaemon(authTypes: [1])
        let error = await #expect(throws: LibvirtConnectionError.self) { try await open(daemon) }
        #expect(error?.kind == .unsupportedAuthentication)
        #expect(error?.detail.contains("sasl") == true)
        #expect(daemon.receivedProcedures == [66])  // never tried to open
    }

    @Test func polkitIsCompletedBeforeOpen() async throws {
        let daemon = FakeDaemon(authTypes: [2])
        let connection = try await open(daemon)
        #expect(daemon.receivedProcedures == [66, 70, 1])
        await connection.close()
    }

    @Test func cancelledCallStopsWaitingAndTheConnectionCarriesOn() async throws {
        let daemon = FakeDaemon { packet, daemon in
            if packet.header.procedure == RemoteProcedure.connectGetHostname.rawValue {
                daemon.reply(to: packet, body: NonnullString("h").xdrBytes)
            }  // everything else is never answered
        }
        let connection = try await open(daemon)
        let waiting = Task { try await connection.getLibVersion() }
        await daemon.waitUntilReceived { $0.contains { $0.header.procedure == 157 } }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(await connection.inFlightCount == 0)
        #expect(try await connection.getHostname() == "h")
        await connection.close()
    }
}

/// Collects calls until a count is reached, then hands the whole batch over once.
private final class HeldCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [Packet] = []

    func add(_ packet: Packet, whenCount count: Int) -> [Packet]? {
        lock.lock()
        defer { lock.unlock() }
        calls.append(packet)
        return calls.count == count ? calls : nil
    }
}
