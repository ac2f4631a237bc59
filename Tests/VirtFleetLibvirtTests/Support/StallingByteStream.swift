import Foundation

@testable import VirtFleetLibvirt

/// Passes bytes to a daemon until the client has written `limit` bytes of stream data, then
/// takes no more: every later write waits until the stream is closed, like a peer (or an SSH
/// window) that stopped reading. Reads pass through.
actor StallingByteStream: ByteStream {
    private let base: any ByteStream
    private let limit: Int
    private var decoder = FrameDecoder()
    private var streamBytes = 0
    private var stalled: [CheckedContinuation<Void, any Error>] = []
    private var closed = false

    init(base: any ByteStream, stallAfterStreamBytes limit: Int) {
        self.base = base
        self.limit = limit
    }

    func write(_ bytes: [UInt8]) async throws {
        if streamBytes >= limit {
            guard !closed else { throw ByteStreamError.closed }
            try await withCheckedThrowingContinuation { stalled.append($0) }
        }
        for packet in try decoder.append(bytes) where packet.header.type == .stream { streamBytes += packet.body.count }
        try await base.write(bytes)
    }

    func read() async throws -> [UInt8]? { try await base.read() }

    func close() async {
        closed = true
        for waiter in stalled { waiter.resume(throwing: ByteStreamError.closed) }
        stalled = []
        await base.close()
    }
}
