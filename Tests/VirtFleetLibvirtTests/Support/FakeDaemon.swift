import Foundation
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// An in-memory libvirt daemon for connection tests: it decodes what the client writes,
/// records it, and answers through `respond`, which a test sets to script the server
/// (reply late, out of order, with errors, or not at all).
final class FakeDaemon: ByteStream, @unchecked Sendable {
    typealias Responder = @Sendable (Packet, FakeDaemon) -> Void

    private let lock = NSLock()
    private var decoder = FrameDecoder()
    private var packets: [Packet] = []
    private let toClient = ChunkQueue()
    private let respond: Responder
    private var waiters: [(condition: @Sendable ([Packet]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

    /// By default the daemon offers auth NONE, accepts CONNECT_OPEN, supports keepalive,
    /// and hands every other call to `respond`.
    /// `silent`: answers nothing at all, not even AUTH_LIST; `silentAfterOpen`: nothing after
    /// CONNECT_OPEN and the keepalive question (not CONNECT_CLOSE either). `unsupportedFeatures`:
    /// driver features CONNECT_SUPPORTS_FEATURE answers 0 for (all others 1).
    init(
        authTypes: [Int32] = [0], silent: Bool = false, silentAfterOpen: Bool = false, unsupportedFeatures: Set<Int32> = [],
        respond: @escaping Responder = { _, _ in }
    ) {
        self.respond = { packet, daemon in
            if silent { return }
            guard packet.header.program == .remote else { return respond(packet, daemon) }
            if silentAfterOpen, RemoteProcedure(rawValue: packet.header.procedure) == .connectClose { return }
            switch RemoteProcedure(rawValue: packet.header.procedure) {
            case .authList:
                var body = XDREncoder()
                body.array(authTypes) { $0.int($1) }
                daemon.reply(to: packet, body: body.bytes)
            case .connectOpen, .connectClose:
                daemon.reply(to: packet)
            case .authPolkit:
                daemon.reply(to: packet, body: XDRInt(1).xdrBytes)
            case .connectSupportsFeature:
                let feature = (try? XDRInt(xdrBytes: packet.body).value) ?? -1
                daemon.reply(to: packet, body: XDRInt(unsupportedFeatures.contains(feature) ? 0 : 1).xdrBytes)
            default:
                respond(packet, daemon)
            }
        }
    }

    /// Everything the client sent so far, in order.
    var received: [Packet] {
        lock.lock()
        defer { lock.unlock() }
        return packets
    }

    var receivedProcedures: [Int32] { received.filter { $0.header.program == .remote }.map(\.header.procedure) }

    func write(_ bytes: [UInt8]) async throws {
        for packet in try decode(bytes) { respond(packet, self) }
    }

    private func decode(_ bytes: [UInt8]) throws -> [Packet] {
        let (new, satisfied) = try lock.withLock {
            let new = try decoder.append(bytes)
            packets += new
            let satisfied = waiters.filter { $0.condition(packets) }.map(\.continuation)
            waiters.removeAll { $0.condition(packets) }
            return (new, satisfied)
        }
        for continuation in satisfied { continuation.resume() }
        return new
    }

    func read() async throws -> [UInt8]? { try await toClient.next() }
    func close() async { toClient.finish() }

    /// Sends raw bytes to the client.
    func send(bytes: [UInt8]) { toClient.push(bytes) }
    func send(_ packet: Packet) { toClient.push(packet.frame) }
    func hangUp() { toClient.finish() }

    func reply(to call: Packet, body: [UInt8] = [], status: PacketHeader.Status = .ok) {
        var header = call.header
        header.type = .reply
        header.status = status
        send(Packet(header: header, body: body))
    }

    /// Returns once the client has sent what `condition` looks for (checked on every packet
    /// received, no polling). A client that never sends it leaves this waiting: the suite's
    /// time limit then fails the test.
    func waitUntilReceived(_ condition: @escaping @Sendable ([Packet]) -> Bool) async {
        await withCheckedContinuation { continuation in
            lock.lock()
            if condition(packets) {
                lock.unlock()
                continuation.resume()
            } else {
                waiters.append((condition, continuation))
                lock.unlock()
            }
        }
    }
}
