import CLibSSH
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One SSH session as its thread sees it: the libssh session, its open channels,
/// and the work done each time round the loop (pump channel data, flush writes,
/// expire deadlines, send keepalives). Touched only on the session thread.
final class SessionLoop {
    var session: OpaquePointer?
    /// Processes incoming packets for the whole session (close, exit-status,
    /// window adjusts, keepalive replies), not just for channels being read.
    var event: OpaquePointer?
    /// `user@host:port` as resolved, for messages.
    var endpoint = "(not connected)"
    /// How long `open` took, by phase.
    var openingTimes = SSHOpeningTimes()
    var keepaliveInterval: Duration = .seconds(5)
    var keepaliveCountMax = 3
    var nextKeepalive = ContinuousClock.now
    /// Keepalives sent since the server last said anything.
    private var unansweredKeepalives = 0
    /// When a byte last arrived from the server; read by other threads for blame.
    let liveness: Liveness
    /// What closed channels left behind (exit status, stderr tail), newest last, for callers
    /// that ask after the channel is gone; bounded.
    private var ended: [(id: Int, end: SSHChannelEnd)] = []
    private var channels: [Int: ChannelState] = [:]
    /// Channels whose open or exec request the server has not answered yet.
    private var opening: [PendingOpen] = []
    /// Bounds each step after login (opening a channel, starting its command).
    var operationTimeout: Duration = .seconds(30)
    private var nextChannelID = 1
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private(set) var isFinished = false
    /// Set once the session is unusable; every later call fails with it.
    private(set) var closedError: SSHError?

    /// Stop reading a channel's stdout into memory past this until someone reads it.
    private static let stdoutHighWater = 4 << 20
    /// Keep at most this much of a long-lived channel's stderr (the newest part).
    private static let stderrLimit = 1 << 20

    init(liveness: Liveness) {
        self.liveness = liveness
    }

    var socket: Int32? {
        guard let session else { return nil }
        let fd = ssh_get_fd(session)
        return fd >= 0 ? fd : nil
    }

    func error(_ kind: SSHError.Kind, _ message: String) -> SSHError {
        SSHError(kind, host: endpoint, message)
    }

    /// libssh's last error text for this session.
    var libsshMessage: String {
        guard let session, let text = ssh_get_error(UnsafeMutableRawPointer(session)) else { return "unknown error" }
        return String(cString: text)
    }

    func channel(_ id: Int) throws -> ChannelState {
        guard let state = channels[id] else { throw error(.closed, "channel \(id) is closed") }
        if let failure = state.failure { throw failure }
        return state
    }

    /// Opens a session channel and starts `command` on it; `done` gets the channel's id. The open
    /// and exec requests are answered while the loop runs (other channels keep moving meanwhile),
    /// bounded by the operation timeout.
    func openExec(_ command: String, timeout: Duration?, _ done: CheckedContinuation<Int, any Error>) {
        guard let session, let channel = ssh_channel_new(session) else {
            return done.resume(throwing: error(.channel, "cannot open a channel: \(libsshMessage)"))
        }
        // Hook the exit/close callbacks before exec: a quick command can finish while the exec
        // reply is still on its way.
        let state = ChannelState(id: nextChannelID, command: command, channel: channel)
        nextChannelID += 1
        state.timeout = timeout
        opening.append(PendingOpen(state: state, deadline: .now + operationTimeout, done: done))
        _ = advanceOpens()
    }

    /// Moves each channel being opened as far as the server's answers allow, without waiting.
    private func advanceOpens() -> Bool {
        guard let session, !opening.isEmpty else { return false }
        ssh_set_blocking(session, 0)
        defer { ssh_set_blocking(session, 1) }
        var progressed = false
        var waiting: [PendingOpen] = []
        for var pending in opening {
            let state = pending.state
            do throws(SSHError) {
                guard let channel = state.channel else { throw error(.closed, "channel for '\(state.command)' was closed") }
                if !pending.isOpen {
                    let rc = ssh_channel_open_session(channel)
                    guard rc == SSH_OK || rc == SSH_AGAIN else {
                        throw error(.channel, "cannot open a channel (server MaxSessions reached?): \(libsshMessage)")
                    }
                    pending.isOpen = rc == SSH_OK
                    progressed = progressed || pending.isOpen
                }
                if pending.isOpen {
                    let rc = ssh_channel_request_exec(channel, state.command)
                    guard rc == SSH_OK || rc == SSH_AGAIN else { throw error(.channel, "cannot run '\(state.command)': \(libsshMessage)") }
                    if rc == SSH_OK {
                        state.deadline = state.timeout.map { .now + $0 }
                        channels[state.id] = state
                        pending.done.resume(returning: state.id)
                        progressed = true
                        continue
                    }
                }
                if ContinuousClock.now >= pending.deadline {
                    throw error(
                        .timeout,
                        "the SSH server did not \(pending.isOpen ? "start '\(state.command)'" : "open a channel") within \(operationTimeout)"
                    )
                }
                waiting.append(pending)
            } catch {
                state.release()
                pending.done.resume(throwing: error)
            }
        }
        opening = waiting
        return progressed
    }

    /// Lets the kernel acknowledge what has arrived now rather than after its delayed-ACK timer.
    /// sshd does not set TCP_NODELAY for sessions without a terminal, so a small packet it sends
    /// while an earlier one is unacknowledged (the channel-open confirmation after the host keys
    /// OpenSSH announces at login) waits for that ACK: 40 ms per connection, measured.
    private func acknowledgeNow(_ fd: Int32) {
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    func closeChannel(_ id: Int) {
        guard let state = channels.removeValue(forKey: id) else { return }
        record(state)
        state.fail(error(.closed, "channel for '\(state.command)' was closed"))
        state.release()
    }

    /// Closes the channel once the command has ended, waiting at most `grace` for its exit
    /// status and last stderr when its output has already ended; at once otherwise.
    func finishChannel(_ id: Int, within grace: Duration, _ done: CheckedContinuation<Void, any Error>) {
        guard let state = channels[id] else { return done.resume() }
        if state.isComplete || !state.stdoutEOF || state.failure != nil {
            closeChannel(id)
            return done.resume()
        }
        state.closeBy = state.closeBy ?? .now + grace
        state.closeWaiters.append(done)
    }

    /// How the channel's command ended, or how far it got: live or already closed.
    func end(of id: Int) -> SSHChannelEnd? {
        if let state = channels[id] { return SSHChannelEnd(state) }
        return ended.last { $0.id == id }?.end
    }

    private func record(_ state: ChannelState) {
        ended.removeAll { $0.id == state.id }
        ended.append((state.id, SSHChannelEnd(state)))
        if ended.count > 32 { ended.removeFirst() }
    }

    /// One pass over every channel; true if anything moved (so poll again at once).
    func service() -> Bool {
        guard let session, closedError == nil else { return false }
        var progressed = false
        if let fd = socket {
            var available: Int32 = 0
            if ioctl(fd, UInt(FIONREAD), &available) == 0, available > 0 { heard() }
        }
        if let event, ssh_event_dopoll(event, 0) == SSH_ERROR, ssh_is_connected(session) == 0 {
            lose(error(.disconnected, "connection lost: \(libsshMessage)"))
            return false
        }
        progressed = advanceOpens()
        let now = ContinuousClock.now
        for state in Array(channels.values) where state.failure == nil {
            do {
                progressed = try pump(state) || progressed
                progressed = try flushWrites(state) || progressed
            } catch {
                state.fail(error)  // kept until closed, so later calls see why
                state.release()
                continue
            }
            settle(state)
            if let closeBy = state.closeBy, state.isComplete || now >= closeBy || state.failure != nil {
                closeChannel(state.id)
                continue
            }
            if let deadline = state.deadline, now >= deadline, !state.isComplete, state.failure == nil {
                state.fail(self.error(.timeout, "'\(state.command)' did not finish within \(state.timeout ?? .zero)"))
                state.release()
            }
        }
        // libssh reads the socket inside any of the calls above, so whatever it read is acknowledged here.
        if let fd = socket { acknowledgeNow(fd) }
        if ssh_is_connected(session) == 0 {
            lose(error(.disconnected, "connection lost: \(libsshMessage)"))
        } else if now >= nextKeepalive {
            if unansweredKeepalives >= keepaliveCountMax {
                let silence = now - liveness.lastHeard
                lose(
                    error(
                        .timeout,
                        "sshd stopped answering: nothing from the SSH server for \(Self.describe(silence)) despite \(unansweredKeepalives) SSH keepalives (the SSH connection is frozen or its network path is gone)"
                    ))
                return false
            }
            sendKeepalive(session)
            unansweredKeepalives += 1
            nextKeepalive = now + keepaliveInterval
        }
        return progressed
    }

    /// The server said something: it is alive, so keepalives start over.
    func heard() {
        let now = ContinuousClock.now
        liveness.lastHeard = now
        unansweredKeepalives = 0
        nextKeepalive = now + keepaliveInterval
    }

    /// Sends `keepalive@openssh.com` with want-reply without waiting for the reply (libssh
    /// waits for it in blocking mode, which would stall every channel while sshd is frozen).
    /// libssh keeps one global request outstanding: the first call may only collect the
    /// previous reply, so a second call makes sure a fresh request goes out.
    private func sendKeepalive(_ session: OpaquePointer) {
        ssh_set_blocking(session, 0)
        _ = ssh_send_keepalive(session)
        _ = ssh_send_keepalive(session)
        ssh_set_blocking(session, 1)
    }

    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) + Double(attoseconds) / 1e18
        if total < 1 { return "\(Int((total * 1000).rounded())) ms" }
        return String(format: "%.1f s", total)
    }

    /// How long the thread may sleep when nothing moved.
    func idleWaitMilliseconds() -> Int32 {
        // Socket readiness and queued jobs wake the thread at once; the timer is
        // only for channel deadlines and, as a backstop, for open channels.
        var limit: Int64 = 1000
        if !opening.isEmpty || channels.values.contains(where: { ($0.deadline != nil || $0.closeBy != nil) && $0.failure == nil }) {
            limit = 50
        } else if !channels.isEmpty {
            limit = 250
        }
        guard session != nil else { return Int32(limit) }
        let untilKeepalive = nextKeepalive - ContinuousClock.now
        let ms = untilKeepalive.components.seconds * 1000 + untilKeepalive.components.attoseconds / 1_000_000_000_000_000
        return Int32(max(0, min(limit, ms)))
    }

    /// Moves whatever libssh has received for `state` into its buffers.
    private func pump(_ state: ChannelState) throws(SSHError) -> Bool {
        guard let channel = state.channel else { return false }
        var moved = false
        for isStderr in [false, true] {
            while !(isStderr ? state.stderrEOF : state.stdoutEOF) {
                if !isStderr, state.stdout.count >= Self.stdoutHighWater, state.completionWaiter == nil { break }
                let n = ssh_channel_read_nonblocking(channel, &readBuffer, UInt32(readBuffer.count), isStderr ? 1 : 0)
                if n > 0 {
                    heard()
                    if isStderr { state.stderr += readBuffer[0..<Int(n)] } else { state.stdout += readBuffer[0..<Int(n)] }
                    moved = true
                } else if n == SSH_EOF || (n == 0 && state.remoteClosed) {
                    if isStderr { state.stderrEOF = true } else { state.stdoutEOF = true }
                    moved = true
                } else if n == 0 {
                    break
                } else {
                    throw error(.channel, "reading from '\(state.command)' failed: \(libsshMessage)")
                }
            }
        }
        if state.stderr.count > Self.stderrLimit, state.completionWaiter == nil {
            state.stderr.removeFirst(state.stderr.count - Self.stderrLimit)
        }
        // Each read lets libssh handle whatever else has arrived on the socket, so the stderr reads
        // can leave stdout data in libssh's buffer with the socket drained: the thread would then
        // sleep on data already here (up to the idle wait; 250 ms stalls were measured). Polling a
        // stream with buffered data does not read the socket; data left behind means go round again.
        if !state.stderrEOF, ssh_channel_poll(channel, 1) > 0 { moved = true }
        if !state.stdoutEOF, state.stdout.count < Self.stdoutHighWater || state.completionWaiter != nil,
            ssh_channel_poll(channel, 0) > 0
        {
            moved = true
        }
        return moved
    }

    /// Sends queued bytes as far as the peer's window allows, never blocking on it.
    private func flushWrites(_ state: ChannelState) throws(SSHError) -> Bool {
        guard let channel = state.channel else { return false }
        var moved = false
        while var write = state.pendingWrites.first {
            let window = Int(ssh_channel_window_size(channel))
            let count = min(window, write.bytes.count - write.offset, 32 * 1024)
            if count > 0 {
                let sent = write.bytes.withUnsafeBytes { raw in
                    // count > 0, so the buffer is not empty and has an address.
                    raw.baseAddress.map { ssh_channel_write(channel, $0 + write.offset, UInt32(count)) } ?? 0
                }
                guard sent >= 0 else { throw error(.channel, "writing to '\(state.command)' failed: \(libsshMessage)") }
                write.offset += Int(sent)
                moved = true
            } else if write.offset < write.bytes.count {
                break  // window full: wait for the peer to adjust it
            }
            if write.offset == write.bytes.count {
                state.pendingWrites.removeFirst()
                write.done.resume()
            } else {
                state.pendingWrites[0] = write
            }
        }
        if state.pendingWrites.isEmpty, state.inputClosed, !state.eofSent {
            state.eofSent = true
            guard ssh_channel_send_eof(channel) == SSH_OK else {
                throw error(.channel, "closing the input of '\(state.command)' failed: \(libsshMessage)")
            }
            moved = true
        }
        return moved
    }

    /// Hands callers what they were waiting for.
    func settle(_ state: ChannelState) {
        if let waiter = state.readWaiter {
            if !state.stdout.isEmpty {
                state.readWaiter = nil
                let bytes = state.stdout
                state.stdout = []
                waiter.resume(returning: bytes)
            } else if state.stdoutEOF {
                state.readWaiter = nil
                waiter.resume(returning: nil)
            }
        }
        if let waiter = state.completionWaiter, state.isComplete {
            state.completionWaiter = nil
            let result = state.result
            state.stdout = []
            waiter.resume(returning: result)
        }
    }

    /// The connection is gone: fail everyone, keep the error for later calls.
    private func lose(_ failure: SSHError) {
        closedError = failure
        liveness.failure = failure
        // Nothing below may wait for a server that may be gone (blocking flushes would).
        if let session { ssh_set_blocking(session, 0) }
        for state in channels.values {
            record(state)
            state.fail(failure)
            state.release()
        }
        channels = [:]
        for pending in opening {
            pending.state.release()
            pending.done.resume(throwing: failure)
        }
        opening = []
        if let event {
            if let session { _ = ssh_event_remove_session(event, session) }
            ssh_event_free(event)
        }
        event = nil
        if let session { ssh_free(session) }
        session = nil
    }

    /// Closes every channel and the session, and lets the thread end.
    func shutdown() {
        disconnect()
        if closedError == nil { lose(error(.closed, "the SSH session was closed")) }
        isFinished = true
    }

    /// Closes the channels and says goodbye to the server.
    private func disconnect() {
        // Goodbyes are sent if the socket takes them, never waited for: a frozen server must
        // not hold up the process's exit.
        if let session { ssh_set_blocking(session, 0) }
        for id in Array(channels.keys) { closeChannel(id) }
        if let session, closedError == nil { ssh_disconnect(session) }
    }
}

/// What other threads may ask about a session: when the server last said anything, and why
/// the session failed (if it did). Written on the session thread.
final class Liveness: @unchecked Sendable {
    private let lock = NSLock()
    private var heardAt = ContinuousClock.now
    private var failed: SSHError?

    var lastHeard: ContinuousClock.Instant {
        get { lock.withLock { heardAt } }
        set { lock.withLock { heardAt = newValue } }
    }

    var failure: SSHError? {
        get { lock.withLock { failed } }
        set { lock.withLock { failed = newValue } }
    }
}

/// A channel on its way to running its command: the open request, then the exec request.
struct PendingOpen {
    let state: ChannelState
    let deadline: ContinuousClock.Instant
    let done: CheckedContinuation<Int, any Error>
    var isOpen = false
}
