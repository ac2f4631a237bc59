@testable import VirtFleetLibvirt

/// Delays every write and every chunk read by a fixed one-way latency, like a network
/// path to a remote daemon (as over SSH). It is a delay line, not a per-chunk cost:
/// bytes in flight overlap, so pipelined calls pay the latency once.
actor LatencyByteStream: ByteStream {
    private struct Timed: Sendable {
        var bytes: [UInt8]?
        var due: ContinuousClock.Instant
    }

    private let base: any ByteStream
    private var inbound: AsyncStream<Timed>.Iterator
    private let outbound: AsyncStream<Timed>.Continuation
    private let oneWay: Duration

    init(base: any ByteStream, oneWay: Duration) {
        self.base = base
        self.oneWay = oneWay
        let (incoming, arrivals) = AsyncStream<Timed>.makeStream()
        let (outgoing, departures) = AsyncStream<Timed>.makeStream()
        inbound = incoming.makeAsyncIterator()
        outbound = departures
        Task {
            while let chunk = try? await base.read() { arrivals.yield(Timed(bytes: chunk, due: .now + oneWay)) }
            arrivals.yield(Timed(bytes: nil, due: .now + oneWay))
            arrivals.finish()
        }
        Task {
            for await item in outgoing {
                try? await Task.sleep(until: item.due, clock: .continuous)
                if let bytes = item.bytes { try? await base.write(bytes) }
            }
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        outbound.yield(Timed(bytes: bytes, due: .now + oneWay))
    }

    func read() async throws -> [UInt8]? {
        var iterator = inbound
        let next = await iterator.next(isolation: #isolation)
        inbound = iterator
        guard let next else { return nil }
        try await Task.sleep(until: next.due, clock: .continuous)
        return next.bytes
    }

    func close() async {
        outbound.finish()
        await base.close()
    }
}
