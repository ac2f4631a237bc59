/// One connection to a libvirt daemon over a `ByteStream`, speaking libvirt's native RPC.
///
/// Calls are pipelined: each gets a serial, its frame is queued for writing and the
/// caller waits for the reply with that serial, so any number of calls can be in flight
/// and a host with 1,000 domains is observed in about one round trip. One reader task
/// routes replies to their callers and answers the server's keepalive pings. Data streams
/// (`STORAGE_VOL_UPLOAD`) travel on their call's serial beside the other calls
/// (`LibvirtConnection+Streams.swift`).
///
/// Create it with `LibvirtConnection.open(stream:uri:options:)`; finish with `close()`.
public actor LibvirtConnection {
    /// The host name given in the options, attached to every error.
    public nonisolated let host: String?
    let stream: any ByteStream
    private var nextSerial: UInt32 = 1
    private var pending: [UInt32: PendingCall] = [:]
    /// How long each call may wait for its reply; nil: no limit.
    let callTimeout: Duration?
    private var watchdogTask: Task<Void, Never>?
    /// When the watchdog wakes next (nil before its first sleep).
    private var watchdogWake: ContinuousClock.Instant?
    private var outbox: [UInt8] = []
    private var isFlushing = false
    private(set) var failure: LibvirtConnectionError?
    /// Set by `close()`: the server hanging up after CONNECT_CLOSE is then a close, not a transport failure.
    private var closing = false
    private var readerTask: Task<Void, Never>?
    var keepaliveTask: Task<Void, Never>?
    var lastReceived = ContinuousClock.now
    var unansweredPings = 0
    /// Keepalive pings this client has sent (it pings only when the server has been silent).
    public internal(set) var keepalivePingCount = 0
    /// Streams opened by a call, by the call's serial.
    var streams: [UInt32: OpenStream] = [:]
    /// Bytes ever queued for writing, and ever written to the byte stream: a stream sender waits
    /// while the difference exceeds `streamWriteAhead`.
    private(set) var enqueuedByteCount: UInt64 = 0
    private(set) var writtenByteCount: UInt64 = 0

    /// One call waiting for its reply.
    struct PendingCall {
        let continuation: CheckedContinuation<[UInt8], any Error>
        let procedure: RemoteProcedure
        let sent: ContinuousClock.Instant
        let deadline: ContinuousClock.Instant?
        /// Missing the deadline fails this call only, not the connection (see `send`).
        var timeoutEndsCallOnly = false
    }

    init(stream: any ByteStream, host: String?, callTimeout: Duration? = nil) {
        self.stream = stream
        self.host = host
        self.callTimeout = callTimeout
    }

    /// Calls in flight (sent or queued, no reply yet).
    public var inFlightCount: Int { pending.count }

    /// The most calls that were in flight at once, a measure of how well callers pipeline.
    public private(set) var peakInFlightCount = 0

    /// Calls sent so far (the opening ones included), a measure of what an operation costs the daemon.
    public private(set) var callCount = 0

    /// Whether the connection can still carry calls.
    public var isOpen: Bool { failure == nil }

    func startReading() {
        guard readerTask == nil else { return }
        readerTask = Task { await self.readLoop() }
        watchdogTask = Task { await self.watchdogLoop() }
    }

    /// Fails the connection when a call's deadline passes: one sleeper for all calls and stream
    /// waits, woken at the earliest deadline; one registered meanwhile with an earlier deadline
    /// (a short call while a long copy is pending) restarts it (`watch`).
    private func watchdogLoop() async {
        while failure == nil {
            let now = ContinuousClock.now
            if let (serial, deadline) = earliestStreamDeadline(), deadline <= now {
                return streamWaitTimedOut(serial, now: now)
            }
            let timed = pending.compactMap { serial, call in call.deadline.map { (serial, call, $0) } }
            let streamDeadline = earliestStreamDeadline()?.deadline
            if let (serial, call, deadline) = timed.min(by: { $0.2 < $1.2 }) {
                if deadline <= now {
                    pending.removeValue(forKey: serial)
                    let error = LibvirtConnectionError(
                        .timeout, "libvirtd did not answer \(call.procedure) within \(describeDuration(now - call.sent))",
                        host: host, procedure: call.procedure)
                    call.continuation.resume(throwing: error)
                    if call.timeoutEndsCallOnly { continue }  // its late reply, if any, is dropped like an abandoned call's
                    return fail(error)
                }
                do { try await sleepWatching(until: min(deadline, streamDeadline ?? deadline)) } catch { return }
            } else if let streamDeadline {
                do { try await sleepWatching(until: streamDeadline) } catch { return }
            } else {
                // Calls made during this sleep with the connection's timeout have deadlines after it ends.
                do { try await sleepWatching(until: now + (callTimeout ?? .seconds(1))) } catch { return }
            }
        }
    }

    private func sleepWatching(until wake: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()  // a watchdog replaced meanwhile leaves the next wake to its successor
        watchdogWake = wake
        try await Task.sleep(until: wake, clock: .continuous)
    }

    /// A deadline was registered: the watchdog starts over when it would wake only after it.
    func watch(_ deadline: ContinuousClock.Instant?) {
        guard let deadline, let wake = watchdogWake, deadline < wake, failure == nil, watchdogTask != nil else { return }
        watchdogWake = nil
        watchdogTask?.cancel()
        watchdogTask = Task { await self.watchdogLoop() }
    }

    /// Sends one call of the REMOTE program and returns the reply's body.
    /// A REPLY with status ERROR is thrown as `LibvirtError` carrying `host` and `guest`.
    /// - Parameters:
    ///   - timeout: this call's deadline instead of the connection's `callTimeout`.
    ///   - timeoutEndsCallOnly: a missed deadline fails this call alone and the connection goes
    ///     on. For a call libvirtd works on for long (a full copy), while keepalive shows the
    ///     host alive: the other calls on the connection (other guests' steps) are not to blame.
    func call(
        _ procedure: RemoteProcedure, body: [UInt8], guest: String? = nil, timeout: Duration? = nil, timeoutEndsCallOnly: Bool = false
    ) async throws -> [UInt8] {
        try await send(procedure, body: body, guest: guest, timeout: timeout, timeoutEndsCallOnly: timeoutEndsCallOnly).reply
    }

    /// `call`, returning the call's serial beside the reply. With `opensStream`, packets of type
    /// STREAM on that serial are kept for the caller from the moment the call is sent (the
    /// server may answer the call and end the stream back to back); a failed call closes it again.
    func send(
        _ procedure: RemoteProcedure, body: [UInt8], guest: String? = nil, timeout: Duration? = nil, opensStream: Bool = false,
        timeoutEndsCallOnly: Bool = false
    ) async throws -> (serial: UInt32, reply: [UInt8]) {
        if let failure { throw failure }
        let now = ContinuousClock.now
        let deadline = (timeout ?? callTimeout).map { now + $0 }
        let serial = nextSerial
        nextSerial &+= 1
        callCount += 1
        if opensStream { streams[serial] = OpenStream(procedure: procedure) }
        let header = PacketHeader(program: .remote, procedure: procedure.rawValue, type: .call, serial: serial)
        let frame = Packet(header: header, body: body).frame
        do {
            let reply = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    pending[serial] = PendingCall(
                        continuation: continuation, procedure: procedure, sent: now, deadline: deadline,
                        timeoutEndsCallOnly: timeoutEndsCallOnly)
                    peakInFlightCount = max(peakInFlightCount, pending.count)
                    enqueue(frame)
                    watch(deadline)
                }
            } onCancel: {
                Task { await self.abandon(serial) }
            }
            return (serial, reply)
        } catch let error as LibvirtError {
            if opensStream { streams.removeValue(forKey: serial) }
            throw error.with(host: host, guest: guest)
        } catch {
            if opensStream { streams.removeValue(forKey: serial) }
            throw error
        }
    }

    /// Typed form of `call`: encodes the arguments and decodes the whole reply.
    func call<Result: XDRDecodable>(
        _ procedure: RemoteProcedure, _ arguments: some XDREncodable = XDRVoid(),
        returning: Result.Type = Result.self, guest: String? = nil, timeout: Duration? = nil, timeoutEndsCallOnly: Bool = false
    ) async throws -> Result {
        let reply = try await call(
            procedure, body: arguments.xdrBytes, guest: guest, timeout: timeout, timeoutEndsCallOnly: timeoutEndsCallOnly)
        do {
            return try Result(xdrBytes: reply)
        } catch {
            throw LibvirtConnectionError(
                .protocolViolation, "reply to procedure \(procedure.rawValue) is malformed: \(error)", host: host)
        }
    }

    /// Queues a frame; one flush task writes everything queued meanwhile in as few writes as possible.
    func enqueue(_ frame: [UInt8]) {
        outbox.append(contentsOf: frame)
        enqueuedByteCount += UInt64(frame.count)
        guard !isFlushing else { return }
        isFlushing = true
        Task { await self.flush() }
    }

    private func flush() async {
        while !outbox.isEmpty && failure == nil {
            let bytes = outbox
            outbox = []
            do {
                try await stream.write(bytes)
                writtenByteCount += UInt64(bytes.count)
                resumeStreamWriters()
            } catch {
                fail(LibvirtConnectionError(.transport, "write failed: \(error)", host: host))
            }
        }
        isFlushing = false
    }

    private func abandon(_ serial: UInt32) {
        pending.removeValue(forKey: serial)?.continuation.resume(throwing: CancellationError())
    }

    private func readLoop() async {
        var decoder = FrameDecoder()
        while failure == nil {
            let chunk: [UInt8]?
            do {
                chunk = try await stream.read()
            } catch {
                return fail(LibvirtConnectionError(.transport, "\(error)", host: host))
            }
            guard let chunk else {
                return fail(LibvirtConnectionError(.closed, "the libvirt daemon closed the connection", host: host))
            }
            do {
                for packet in try decoder.append(chunk) { dispatch(packet) }
            } catch {
                return fail(LibvirtConnectionError(.protocolViolation, "\(error)", host: host))
            }
        }
    }

    private func dispatch(_ packet: Packet) {
        lastReceived = .now
        unansweredPings = 0
        let header = packet.header
        switch header.program {
        case .keepalive:
            if header.procedure == KeepaliveProcedure.ping.rawValue { sendKeepalive(.pong) }
        case .remote where header.type == .stream:
            receivedStreamPacket(packet)
        case .remote where header.type == .reply:
            // After its call's reply, an error reply on a stream's serial is the stream's failure
            // (libvirtd reports a failed write or finish that way).
            guard let continuation = pending.removeValue(forKey: header.serial)?.continuation else {
                return receivedStreamPacket(packet)
            }
            switch header.status {
            case .ok:
                continuation.resume(returning: packet.body)
            case .error, .continue:
                do {
                    continuation.resume(throwing: try LibvirtError(xdrBytes: packet.body))
                } catch {
                    continuation.resume(
                        throwing: LibvirtConnectionError(
                            .protocolViolation, "error reply is malformed: \(error)", host: host))
                }
            }
        default:
            // Events (MESSAGE) are only sent to clients that registered for them; this client does not.
            break
        }
    }

    func sendKeepalive(_ procedure: KeepaliveProcedure) {
        guard failure == nil else { return }
        let header = PacketHeader(program: .keepalive, procedure: procedure.rawValue, type: .message, serial: 0)
        enqueue(Packet(header: header).frame)
    }

    func beginClosing() {
        closing = true
    }

    /// Ends the connection for good: every waiting call and every later call gets `error`.
    func fail(_ error: LibvirtConnectionError) {
        guard failure == nil else { return }
        let reason =
            closing && error.kind != .closed
            ? LibvirtConnectionError(.closed, "the connection was closed", host: host) : error
        failure = reason
        let waiting = pending
        pending = [:]
        for call in waiting.values { call.continuation.resume(throwing: reason) }
        failStreams(reason)
        keepaliveTask?.cancel()
        watchdogTask?.cancel()
        outbox = []
        // Unblocks the reader and ends the transport (e.g. the helper process).
        Task { [stream] in await stream.close() }
    }

    /// Stops the background tasks and closes the stream; used by `close()` and failed opens.
    func shutDown(reason: LibvirtConnectionError) async {
        fail(reason)
        readerTask?.cancel()
        await stream.close()
    }
}
