import Foundation
@testable import VirtFleetLibvirt
import VirtFleetTestSupport

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

    /// By default the daemon offers auth NONE, accepts CONNECT_OPEN, supports keepalive,
    /// and hands every other call to `respond`.
    init(authTypes: [Int32] = [0], respond: @escaping Responder = { _, _ in }) {
        self.respond = { packet, daemon in
            guard packet.header.program == .remote else { return respond(packet, daemon) }
            switch RemoteProcedure(rawValue: packet.header.procedure) {
            case .authList:
                var body = XDREncoder()
                body.array(authTypes) { $0.int($1) }
                daemon.reply(to: packet, body: body.bytes)
            case .connectOpen, .connectClose:
                daemon.reply(to: packet)
            case .authPolkit, .connectSupportsFeature:
                daemon.reply(to: packet, body: XDRInt(1).xdrBytes)
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
        try lock.withLock {
            let new = try decoder.append(bytes)
            packets += new
            return new
        }
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

    /// Waits (briefly) until the client has sent something matching `condition`.
    func waitUntilReceived(timeout: Duration = .seconds(2), _ condition: ([Packet]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(received) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(received)
    }
}
