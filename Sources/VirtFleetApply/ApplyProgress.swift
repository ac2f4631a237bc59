import Foundation
import VirtFleetPlan

/// Where apply reports what it does, as it does it (the command line prints; tests collect).
public protocol ApplyProgress: Sendable {
    func report(_ event: ApplyEvent)
}

public struct ApplyEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case started
        /// Part of an upload is sent: `sent` of `total` bytes (the step has started, not finished).
        case progress(sent: UInt64, total: UInt64)
        case succeeded
        case failed(ApplyFailure)
    }

    public var host: String
    /// The guest, or the pool, network, image or volume the step is about.
    public var guest: String
    public var step: ApplyStep
    public var kind: Kind
    /// Steps finished so far and in all, across hosts.
    public var done: Int
    public var total: Int
    /// What `guest` names: nil for a domain, else the kind of resource.
    public var resource: ResourceKind? = nil

    public init(
        host: String, guest: String, step: ApplyStep, kind: Kind, done: Int, total: Int, resource: ResourceKind? = nil
    ) {
        self.host = host
        self.guest = guest
        self.step = step
        self.kind = kind
        self.done = done
        self.total = total
        self.resource = resource
    }
}

/// Discards events.
public struct SilentProgress: ApplyProgress {
    public init() {}
    public func report(_ event: ApplyEvent) {}
}

/// Counts finished steps across hosts and forwards events with "done of total". A lock, not an
/// actor: an upload reports its bytes from the session's callback, which cannot wait.
final class ProgressCounter: @unchecked Sendable {
    private let sink: any ApplyProgress
    private let total: Int
    private let lock = NSLock()
    private var done = 0

    init(sink: any ApplyProgress, total: Int) {
        self.sink = sink
        self.total = total
    }

    func started(_ host: String, _ guest: String, _ step: ApplyStep, _ resource: ResourceKind? = nil) {
        let done = lock.withLock { self.done }
        sink.report(ApplyEvent(host: host, guest: guest, step: step, kind: .started, done: done, total: total, resource: resource))
    }

    /// Part of an upload sent: not a finished step.
    func progress(_ host: String, _ guest: String, _ step: ApplyStep, _ resource: ResourceKind, sent: UInt64, of bytes: UInt64) {
        let done = lock.withLock { self.done }
        sink.report(
            ApplyEvent(
                host: host, guest: guest, step: step, kind: .progress(sent: sent, total: bytes), done: done, total: total,
                resource: resource))
    }

    func finished(_ host: String, _ guest: String, _ step: ApplyStep, failure: ApplyFailure?, _ resource: ResourceKind? = nil) {
        let done = lock.withLock {
            self.done += 1
            return self.done
        }
        sink.report(
            ApplyEvent(
                host: host, guest: guest, step: step, kind: failure.map { .failed($0) } ?? .succeeded,
                done: done, total: total, resource: resource))
    }
}
