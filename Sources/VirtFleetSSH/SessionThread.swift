import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one OS thread that owns a libssh session and its channels. libssh blocks
/// and a session must never be used from two threads, so callers hand it jobs
/// instead of touching libssh; this keeps blocking work off Swift's cooperative pool.
final class SessionThread: @unchecked Sendable {
    typealias Job = @Sendable (SessionLoop) -> Void

    /// Guards `jobs` and `accepting`; the pipe wakes the thread when a job arrives.
    private let lock = NSLock()
    private var jobs: [Job] = []
    private var accepting = true
    private var hostLabel: String
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// Shared with the loop: when the server last spoke, and why the session failed.
    let liveness = Liveness()

    init(name: String) throws(SSHError) {
        hostLabel = name
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw SSHError(.configuration, host: name, "cannot create the session thread's wake-up pipe: errno \(errno)")
        }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let thread = Thread { [self] in self.main() }
        thread.name = "ssh \(name)"
        thread.start()
    }

    /// How messages name the host once the session is gone (`user@host:port`).
    var label: String {
        get { lock.withLock { hostLabel } }
        set { lock.withLock { hostLabel = newValue } }
    }

    /// Queues `job`; false once the session is gone (the job will never run).
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard accepting else { return false }
        jobs.append(job)
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already means "wake up"
        return true
    }

    /// Runs `body` on the session thread and returns its result.
    func perform<T: Sendable>(
        _ body: @escaping @Sendable (SessionLoop) throws -> T
    ) async throws -> T {
        try await suspend { loop, continuation in
            continuation.resume(with: Result { try body(loop) })
        }
    }

    /// Runs `body` on the session thread; it resumes the continuation now or
    /// stores it for the loop to resume later (e.g. when data arrives).
    /// - Parameter evenIfClosed: run `body` also after the session failed (to read what is left).
    func suspend<T: Sendable>(
        evenIfClosed: Bool = false,
        _ body: @escaping @Sendable (SessionLoop, CheckedContinuation<T, any Error>) -> Void
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let queued = submit { loop in
                if let error = loop.closedError, !evenIfClosed {
                    continuation.resume(throwing: error)
                } else {
                    body(loop, continuation)
                }
            }
            if !queued {
                continuation.resume(throwing: SSHError(.closed, host: label, "the SSH session is closed"))
            }
        }
    }

    private func takeJobs() -> [Job] {
        lock.lock()
        defer { lock.unlock() }
        let taken = jobs
        jobs = []
        return taken
    }

    private func main() {
        let loop = SessionLoop(liveness: liveness)
        while true {
            for job in takeJobs() { job(loop) }
            if loop.isFinished { break }
            let progressed = loop.service()
            if loop.isFinished { break }
            waitForActivity(loop: loop, progressed: progressed)
        }
        lock.lock()
        accepting = false
        let stragglers = jobs
        jobs = []
        lock.unlock()
        for job in stragglers { job(loop) }  // each sees `closedError` and fails its caller
        close(wakeRead)
        close(wakeWrite)
    }

    /// Sleeps until a job arrives, the SSH socket is readable, or the loop's timer is due.
    private func waitForActivity(loop: SessionLoop, progressed: Bool) {
        var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        if let fd = loop.socket { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        let timeout = progressed ? 0 : loop.idleWaitMilliseconds()
        _ = poll(&fds, nfds_t(fds.count), timeout)
        if fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 { loop.heard() }
        if fds[0].revents != 0 {
            var sink = [UInt8](repeating: 0, count: 256)
            while read(wakeRead, &sink, sink.count) > 0 {}
        }
    }
}
