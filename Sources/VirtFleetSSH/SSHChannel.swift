/// A remote command running on an `SSHSession`: a byte stream each way plus
/// stderr. Many channels on one session make progress at the same time; a
/// channel keeps its session open. To stop a pending `read`, `close` the channel.
public final class SSHChannel: Sendable {
    public let command: String
    public let session: SSHSession
    let id: Int
    private var thread: SessionThread { session.thread }

    init(session: SSHSession, id: Int, command: String) {
        self.session = session
        self.id = id
        self.command = command
    }

    /// Sends `bytes` to the command's stdin; returns once libssh has taken all of them.
    public func write(_ bytes: [UInt8]) async throws {
        let id = id
        try await thread.suspend { (loop, done: CheckedContinuation<Void, any Error>) in
            do {
                let state = try loop.channel(id)
                guard !state.inputClosed else { throw loop.error(.channel, "write after closeInput on '\(state.command)'") }
                if bytes.isEmpty { return done.resume() }
                state.pendingWrites.append(.init(bytes: bytes, done: done))
            } catch { done.resume(throwing: error) }
        }
    }

    /// The next bytes from the command's stdout, or nil once it has closed stdout.
    public func read() async throws -> [UInt8]? {
        let id = id
        return try await thread.suspend { (loop, waiter: CheckedContinuation<[UInt8]?, any Error>) in
            do {
                let state = try loop.channel(id)
                guard state.readWaiter == nil else { throw loop.error(.channel, "two concurrent reads on '\(state.command)'") }
                state.readWaiter = waiter
                loop.settle(state)
            } catch { waiter.resume(throwing: error) }
        }
    }

    /// Signals end of input (EOF on the command's stdin) after pending writes.
    public func closeInput() async throws {
        let id = id
        try await thread.perform { loop in try loop.channel(id).inputClosed = true }
    }

    /// What the command has written to stderr so far (the newest 1 MiB for long-lived channels).
    public func stderr() async throws -> [UInt8] {
        let id = id
        return try await thread.perform { loop in try loop.channel(id).stderr }
    }

    /// Waits for the command to end; returns its exit status, and the stdout not yet read.
    public func wait() async throws -> SSHCommandResult {
        let id = id
        return try await thread.suspend { (loop, waiter: CheckedContinuation<SSHCommandResult, any Error>) in
            do {
                let state = try loop.channel(id)
                guard state.completionWaiter == nil else { throw loop.error(.channel, "two concurrent waits on '\(state.command)'") }
                state.completionWaiter = waiter
                loop.settle(state)
            } catch { waiter.resume(throwing: error) }
        }
    }

    /// Closes the channel once its command has ended, waiting at most `grace` for the exit
    /// status and the last stderr if the command's output has already ended (at once otherwise).
    /// What it left stays readable through `end()`.
    public func finish(within grace: Duration) async {
        let id = id
        _ = try? await thread.suspend { (loop, done: CheckedContinuation<Void, any Error>) in
            loop.finishChannel(id, within: grace, done)
        }
    }

    /// How the command ended, or how far it got: exit status, signal, the newest stderr.
    /// Also after `close()`, and after the session failed; nil once the session is closed.
    public func end() async -> SSHChannelEnd? {
        let id = id
        return try? await thread.suspend(evenIfClosed: true) { (loop, done: CheckedContinuation<SSHChannelEnd?, any Error>) in
            done.resume(returning: loop.end(of: id))
        }
    }

    /// Closes the channel; the remote command sees its input and output go away.
    public func close() async {
        _ = try? await thread.perform { [id] loop in loop.closeChannel(id) }
    }

    /// Closes without waiting (from `deinit` and `defer`).
    func closeSoon() {
        thread.submit { [id] loop in loop.closeChannel(id) }
    }

    deinit {
        closeSoon()
    }
}

/// What a finished remote command left behind.
public struct SSHCommandResult: Sendable, Equatable {
    /// The command's exit status; -1 when it died by a signal or the server sent none.
    public var exitStatus: Int32
    /// The signal that ended the command (e.g. `KILL`), if any.
    public var exitSignal: String?
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public init(exitStatus: Int32, exitSignal: String? = nil, stdout: [UInt8], stderr: [UInt8]) {
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
        self.stdout = stdout
        self.stderr = stderr
    }
}
