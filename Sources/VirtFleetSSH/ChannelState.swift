import CLibSSH

/// One open exec channel as the session thread sees it: the libssh channel,
/// what has arrived but not been read, queued writes, and the callers waiting.
/// Touched only on the session thread.
final class ChannelState {
    let id: Int
    let command: String
    private(set) var channel: OpaquePointer?
    /// Exit status, exit signal and remote close, filled in by libssh callbacks.
    let events: UnsafeMutablePointer<vf_channel_events>

    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var stdoutEOF = false
    var stderrEOF = false
    var inputClosed = false
    var eofSent = false
    var pendingWrites: [PendingWrite] = []
    var readWaiter: CheckedContinuation<[UInt8]?, any Error>?
    var completionWaiter: CheckedContinuation<SSHCommandResult, any Error>?
    /// Why the channel stopped working (timeout, read error); later calls get this.
    var failure: SSHError?
    var timeout: Duration?
    var deadline: ContinuousClock.Instant?
    /// Set by `finishChannel`: close when complete or at this instant, then resume the waiters.
    var closeBy: ContinuousClock.Instant?
    var closeWaiters: [CheckedContinuation<Void, any Error>] = []

    struct PendingWrite {
        var bytes: [UInt8]
        var offset = 0
        let done: CheckedContinuation<Void, any Error>
    }

    init(id: Int, command: String, channel: OpaquePointer) {
        self.id = id
        self.command = command
        self.channel = channel
        events = .allocate(capacity: 1)
        _ = vf_channel_events_attach(channel, events)
    }

    deinit {
        release()
        events.deallocate()
    }

    var remoteClosed: Bool { events.pointee.closed != 0 }

    /// The command has ended and everything it sent has been received.
    var isComplete: Bool { stdoutEOF && stderrEOF && remoteClosed }

    var result: SSHCommandResult {
        let signal = withUnsafeBytes(of: events.pointee.exit_signal) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return SSHCommandResult(
            exitStatus: events.pointee.exit_status, exitSignal: signal.isEmpty ? nil : signal,
            stdout: stdout, stderr: stderr)
    }

    /// Fails every waiting caller with `error`.
    func fail(_ error: SSHError) {
        if failure == nil { failure = error }
        readWaiter?.resume(throwing: error)
        readWaiter = nil
        completionWaiter?.resume(throwing: error)
        completionWaiter = nil
        for write in pendingWrites { write.done.resume(throwing: error) }
        pendingWrites = []
        for waiter in closeWaiters { waiter.resume() }  // closing was all they asked for
        closeWaiters = []
    }

    /// Closes and frees the libssh channel (idempotent).
    func release() {
        guard let channel else { return }
        // libssh may outlive our free for a channel the server has not closed yet:
        // unhook the callbacks first so they never touch `events` after deinit.
        _ = ssh_remove_channel_callbacks(channel, &events.pointee.callbacks)
        if ssh_channel_is_closed(channel) == 0 { _ = ssh_channel_close(channel) }
        ssh_channel_free(channel)
        self.channel = nil
    }
}

/// How a channel's command ended (or how far it got): for reporting a remote command that died.
public struct SSHChannelEnd: Sendable, Equatable {
    /// nil until the server sent one.
    public var exitStatus: Int32?
    public var exitSignal: String?
    /// The newest part of its stderr (at most 64 KiB).
    public var stderr: [UInt8]
    /// The command closed its output, or the server closed the channel: it has ended or is ending.
    public var ended: Bool

    init(_ state: ChannelState) {
        let result = state.result
        exitStatus = result.exitStatus == -1 && result.exitSignal == nil ? nil : result.exitStatus
        exitSignal = result.exitSignal
        stderr = Array(state.stderr.suffix(64 * 1024))
        ended = state.stdoutEOF || state.remoteClosed
    }

    public init(exitStatus: Int32?, exitSignal: String?, stderr: [UInt8], ended: Bool) {
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
        self.stderr = stderr
        self.ended = ended
    }
}
