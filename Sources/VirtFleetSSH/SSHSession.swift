/// One SSH connection to one host, carrying any number of concurrent channels.
/// All libssh work happens on the session's own thread; this type only hands
/// it jobs, so it is safe to share between tasks.
public final class SSHSession: Sendable {
    public let target: SSHTarget
    /// How the host was reached, e.g. `hv1@127.0.0.11:2222` (for messages).
    public let endpoint: String
    /// How long opening took: TCP connect and key exchange (with the host-key check), then login.
    public let openingTimes: SSHOpeningTimes
    let thread: SessionThread

    private init(target: SSHTarget, endpoint: String, openingTimes: SSHOpeningTimes, thread: SessionThread) {
        self.target = target
        self.endpoint = endpoint
        self.openingTimes = openingTimes
        self.thread = thread
    }

    /// Connects, verifies the host key, and authenticates.
    public static func connect(_ target: SSHTarget) async throws -> SSHSession {
        let thread = try SessionThread(name: target.host)
        do {
            let (endpoint, times) = try await thread.perform { loop in
                try loop.open(target)
                return (loop.endpoint, loop.openingTimes)
            }
            thread.label = endpoint
            return SSHSession(target: target, endpoint: endpoint, openingTimes: times, thread: thread)
        } catch {
            thread.submit { $0.shutdown() }
            throw error
        }
    }

    /// Runs `command` with empty input and waits for it to finish.
    /// - Parameter timeout: fails with a `.timeout` error and closes the channel when exceeded.
    public func run(_ command: String, timeout: Duration? = nil) async throws -> SSHCommandResult {
        let channel = try await openExec(command, timeout: timeout)
        defer { channel.closeSoon() }
        try await channel.closeInput()
        return try await channel.wait()
    }

    /// Starts `command` on a new channel and returns it for streaming both ways
    /// (e.g. `virt-ssh-helper qemu:///session`).
    public func openExec(_ command: String, timeout: Duration? = nil) async throws -> SSHChannel {
        let id = try await thread.suspend { (loop, done: CheckedContinuation<Int, any Error>) in
            loop.openExec(command, timeout: timeout, done)
        }
        return SSHChannel(session: self, id: id, command: command)
    }

    /// Why the session failed on its own (keepalives unanswered, connection lost); nil while it
    /// works and after a plain `close()`.
    public var failure: SSHError? {
        guard let failure = thread.liveness.failure, failure.kind != .closed else { return nil }
        return failure
    }

    /// How long the server has been silent. While the session is healthy this stays below
    /// `target.keepaliveInterval` plus a round trip, since silence triggers a keepalive.
    public var silence: Duration { ContinuousClock.now - thread.liveness.lastHeard }

    /// Closes all channels and the connection. Later calls fail with a `.closed` error.
    public func close() async {
        _ = try? await thread.perform { $0.shutdown() }
    }

    deinit {
        thread.submit { $0.shutdown() }
    }
}

/// The phases of opening an SSH session, timed (for `--verbose`).
public struct SSHOpeningTimes: Sendable, Hashable {
    /// TCP connect, key exchange and the host-key check.
    public var handshake: Duration
    /// Logging in (agent, key files).
    public var authentication: Duration

    public init(handshake: Duration = .zero, authentication: Duration = .zero) {
        self.handshake = handshake
        self.authentication = authentication
    }
}
