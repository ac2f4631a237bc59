import Foundation
import VirtFleetLibvirt

/// Hands chunks from a blocking reader thread to one async consumer. It exists because
/// blocking reads must stay off Swift's cooperative pool (2 threads on the testbed machines).
public final class ChunkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var waiter: CheckedContinuation<[UInt8]?, any Error>?

    public init() {}

    /// Called from the reader thread for every chunk read.
    public func push(_ chunk: [UInt8]) {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: chunk)
        } else {
            chunks.append(chunk)
            lock.unlock()
        }
    }

    /// Ends the stream; `error` is what the consumer sees after the last chunk. Only the first call counts.
    public func finish(throwing error: (any Error)? = nil) {
        lock.lock()
        guard !finished else { return lock.unlock() }
        finished = true
        failure = error
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    /// The next chunk, nil at the end, or the stream's error.
    public func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if head < chunks.count {
                let chunk = chunks[head]
                head += 1
                if head == chunks.count {
                    chunks.removeAll(keepingCapacity: true)
                    head = 0
                }
                lock.unlock()
                continuation.resume(returning: chunk)
            } else if finished {
                let failure = self.failure
                lock.unlock()
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume(returning: nil) }
            } else if waiter != nil {
                lock.unlock()
                continuation.resume(throwing: ByteStreamError.concurrentRead)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
