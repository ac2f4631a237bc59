/// Data streams: a call (e.g. `STORAGE_VOL_UPLOAD`) whose successful reply opens a stream on
/// the call's serial. The client then sends packets of type STREAM with status CONTINUE, each
/// carrying raw bytes (no XDR), and ends with an empty STREAM packet with status OK; the server
/// confirms with an empty STREAM/OK, or reports a failure as STREAM/ERROR or as an error REPLY
/// on the same serial, at any time during the upload. Other calls and keepalive share the
/// connection meanwhile.
///
/// Deadlines are per step, not per upload: each chunk must be taken by the byte stream, and the
/// final answer must come, within the call timeout; otherwise the connection fails with
/// `.timeout` (a peer that stopped reading leaves the connection in an unknown state).
extension LibvirtConnection {
    /// One stream, by the serial of the call that opened it.
    struct OpenStream {
        let procedure: RemoteProcedure
        /// The server's end of the stream: nil while open, `.success` for STREAM/OK, else its error.
        var ended: Result<Void, any Error>?
        /// A sender waiting until everything queued before its chunk has been written.
        var writer: StreamWait?
        /// The sender waiting for the server's answer to the finishing packet.
        var finisher: StreamWait?
    }

    /// What a stream's sender is waiting for, and until when.
    struct StreamWait {
        enum Kind { case written(upTo: UInt64), confirmed }
        let kind: Kind
        let continuation: CheckedContinuation<Void, any Error>
        let since: ContinuousClock.Instant
        let deadline: ContinuousClock.Instant?
    }

    /// A stream the caller owns: pass it to `sendStreamData`, then `finishStream` or `abortStream`.
    public struct StreamHandle: Sendable, Hashable {
        public let serial: UInt32
        public let procedure: RemoteProcedure
    }

    /// The largest data payload of one STREAM packet this client sends: libvirt's historical
    /// message payload limit (`VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX`, 256 KiB, minus the header),
    /// which every libvirtd accepts and which libvirt's own client (`virStreamSendAll`) uses.
    /// libvirt 9 takes packets up to its message limit (32 MiB) as well.
    public static let legacyStreamPayloadMax = 262_144 - PacketHeader.byteCount

    /// The largest data payload a stream packet may carry: the frame limit minus length word and header.
    public static let streamPayloadMax = Packet.maxFrameLength - Packet.minFrameLength

    /// Makes the call and, once it succeeds, returns the stream its reply opened.
    func openStream(_ procedure: RemoteProcedure, _ arguments: some XDREncodable, guest: String? = nil) async throws -> StreamHandle {
        let (serial, reply) = try await send(procedure, body: arguments.xdrBytes, guest: guest, opensStream: true)
        guard reply.isEmpty else {
            streams.removeValue(forKey: serial)
            throw LibvirtConnectionError(.protocolViolation, "reply to procedure \(procedure.rawValue) is malformed", host: host)
        }
        return StreamHandle(serial: serial, procedure: procedure)
    }

    /// How many bytes of stream data may wait in the outbox beyond those being written: enough
    /// that the byte stream always has the next batch when it finishes one (each hand-over to the
    /// SSH thread and back is a gap in the flow), small enough to bound memory per stream.
    public static let streamWriteAhead: UInt64 = 2 << 20

    /// Queues one chunk of stream data and returns once no more than `streamWriteAhead` bytes
    /// queued before it are still unwritten, so the caller reads its next chunk while earlier
    /// ones are on their way.
    /// Throws the server's error if it ended the stream, and `.timeout` if the byte stream did
    /// not take the earlier data within the call timeout.
    func sendStreamData(_ handle: StreamHandle, _ bytes: [UInt8]) async throws {
        precondition(bytes.count <= Self.streamPayloadMax, "stream chunk of \(bytes.count) bytes exceeds the message limit")
        try checkStreamOpen(handle)
        let before = enqueuedByteCount
        let header = PacketHeader(
            program: .remote, procedure: handle.procedure.rawValue, type: .stream, serial: handle.serial, status: .continue)
        enqueue(Packet(header: header, body: bytes).frame)
        let target = before > Self.streamWriteAhead ? before - Self.streamWriteAhead : 0
        guard writtenByteCount < target else { return }
        try await wait(handle, for: .written(upTo: target))
        try checkStreamOpen(handle)
    }

    /// Sends the finishing packet (empty STREAM/OK) and waits for the server's confirmation,
    /// which comes once it has written everything; its error is thrown as `LibvirtError`.
    func finishStream(_ handle: StreamHandle, guest: String? = nil) async throws {
        defer { streams.removeValue(forKey: handle.serial) }
        try checkStreamOpen(handle)
        let header = PacketHeader(program: .remote, procedure: handle.procedure.rawValue, type: .stream, serial: handle.serial, status: .ok)
        enqueue(Packet(header: header).frame)
        do {
            if streams[handle.serial]?.ended == nil { try await wait(handle, for: .confirmed) }
            if case .failure(let error) = streams[handle.serial]?.ended { throw error }
        } catch let error as LibvirtError {
            throw error.with(host: host, guest: guest)
        }
    }

    /// Tells the server to drop the stream (an empty STREAM/ERROR packet), without waiting for
    /// its answer; whatever it still sends on the serial is ignored.
    func abortStream(_ handle: StreamHandle) {
        guard let state = streams.removeValue(forKey: handle.serial) else { return }
        let cancelled = CancellationError()
        state.writer?.continuation.resume(throwing: cancelled)
        state.finisher?.continuation.resume(throwing: cancelled)
        guard state.ended == nil, failure == nil else { return }
        let header = PacketHeader(
            program: .remote, procedure: handle.procedure.rawValue, type: .stream, serial: handle.serial, status: .error)
        enqueue(Packet(header: header).frame)
    }

    private func checkStreamOpen(_ handle: StreamHandle) throws {
        if let failure { throw failure }
        guard let state = streams[handle.serial] else {
            throw LibvirtConnectionError(.closed, "the \(handle.procedure) stream is closed", host: host)
        }
        switch state.ended {
        case nil: return
        case .failure(let error)?: throw (error as? LibvirtError)?.with(host: host) ?? error
        case .success?:
            throw LibvirtConnectionError(
                .protocolViolation, "libvirtd ended the \(handle.procedure) stream before the client finished it", host: host)
        }
    }

    private func wait(_ handle: StreamHandle, for kind: StreamWait.Kind) async throws {
        let now = ContinuousClock.now
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let wait = StreamWait(kind: kind, continuation: continuation, since: now, deadline: callTimeout.map { now + $0 })
                guard streams[handle.serial] != nil else {
                    return continuation.resume(throwing: LibvirtConnectionError(.closed, "the stream is closed", host: host))
                }
                switch kind {
                case .written: streams[handle.serial]?.writer = wait
                case .confirmed: streams[handle.serial]?.finisher = wait
                }
                watch(wait.deadline)
                resumeStreamWriters()
            }
        } onCancel: {
            Task { await self.cancelStreamWait(handle.serial) }
        }
    }

    private func cancelStreamWait(_ serial: UInt32) {
        guard let state = streams[serial] else { return }
        streams[serial]?.writer = nil
        streams[serial]?.finisher = nil
        state.writer?.continuation.resume(throwing: CancellationError())
        state.finisher?.continuation.resume(throwing: CancellationError())
    }

    /// Wakes the senders whose earlier data has now been written.
    func resumeStreamWriters() {
        for (serial, state) in streams {
            guard let writer = state.writer, case .written(let target) = writer.kind, writtenByteCount >= target else { continue }
            streams[serial]?.writer = nil
            writer.continuation.resume()
        }
    }

    /// A STREAM packet, or an unclaimed REPLY, from the server.
    func receivedStreamPacket(_ packet: Packet) {
        let header = packet.header
        guard var state = streams[header.serial], state.ended == nil else { return }  // an aborted or finished stream
        switch (header.type, header.status) {
        case (.stream, .ok):
            state.ended = .success(())
        case (_, .error):
            do {
                state.ended = .failure(try LibvirtError(xdrBytes: packet.body))
            } catch {
                state.ended = .failure(
                    LibvirtConnectionError(.protocolViolation, "stream error from libvirtd is malformed: \(error)", host: host))
            }
        default:
            return  // incoming data (an upload has none) or a stray confirmation
        }
        let writer = state.writer
        let finisher = state.finisher
        state.writer = nil
        state.finisher = nil
        streams[header.serial] = state
        finisher?.continuation.resume()
        if case .failure(let error)? = state.ended { writer?.continuation.resume(throwing: error) } else { writer?.continuation.resume() }
    }

    /// The earliest deadline any stream sender is waiting for.
    func earliestStreamDeadline() -> (serial: UInt32, deadline: ContinuousClock.Instant)? {
        var earliest: (serial: UInt32, deadline: ContinuousClock.Instant)?
        for (serial, state) in streams {
            for wait in [state.writer, state.finisher].compactMap({ $0 }) {
                guard let deadline = wait.deadline else { continue }
                if earliest.map({ deadline < $0.deadline }) ?? true { earliest = (serial, deadline) }
            }
        }
        return earliest
    }

    /// A stream step missed its deadline: the connection fails, naming the step.
    func streamWaitTimedOut(_ serial: UInt32, now: ContinuousClock.Instant) {
        guard let state = streams[serial] else { return }
        let wait = state.finisher ?? state.writer
        let waited = describeDuration(now - (wait?.since ?? now))
        // Waiting for the confirmation with data still unwritten: the data is what is stuck.
        let what =
            state.finisher != nil && writtenByteCount >= enqueuedByteCount
            ? "libvirtd did not confirm the end of \(state.procedure) within \(waited)"
            : "the \(state.procedure) stream did not take more data within \(waited)"
        fail(LibvirtConnectionError(.timeout, what, host: host, procedure: state.procedure))
    }

    /// Ends every stream with the connection's failure.
    func failStreams(_ reason: LibvirtConnectionError) {
        let open = streams
        streams = [:]
        for state in open.values {
            state.writer?.continuation.resume(throwing: reason)
            state.finisher?.continuation.resume(throwing: reason)
        }
    }
}
