import VirtFleetLibvirt

/// Passes bytes between a client and a real daemon, but once armed holds every reply back
/// until the client has sent `count` calls of one procedure, then lets them all through.
/// It shows, without timing anything, that the client had all those calls in flight at once.
actor GatedByteStream: ByteStream {
    private let base: any ByteStream
    private var decoder = FrameDecoder()
    private var gate: (procedure: Int32, count: Int)?
    private var sent = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// How many of the awaited calls the client had sent when the replies were released.
    private(set) var callsSentBeforeRelease: Int?

    init(base: any ByteStream) {
        self.base = base
    }

    /// From now on, replies wait until `count` calls of `procedure` have been written.
    func holdReplies(untilCalls count: Int, of procedure: RemoteProcedure) {
        gate = (procedure.rawValue, count)
        sent = 0
        callsSentBeforeRelease = nil
    }

    func write(_ bytes: [UInt8]) async throws {
        let packets = try decoder.append(bytes)  // always, to stay in step with the framing
        if let gate {
            sent += packets.filter { $0.header.type == .call && $0.header.procedure == gate.procedure }.count
            if sent >= gate.count { release() }
        }
        try await base.write(bytes)
    }

    func read() async throws -> [UInt8]? {
        let chunk = try await base.read()
        if gate != nil { await withCheckedContinuation { waiting.append($0) } }
        return chunk
    }

    func close() async {
        release()
        await base.close()
    }

    private func release() {
        if gate != nil { callsSentBeforeRelease = sent }
        gate = nil
        for continuation in waiting { continuation.resume() }
        waiting = []
    }
}
