/// Where apply reports what it does, as it does it (the command line prints; tests collect).
public protocol ApplyProgress: Sendable {
    func report(_ event: ApplyEvent)
}

public struct ApplyEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case started
        case succeeded
        case failed(ApplyFailure)
    }

    public var host: String
    public var guest: String
    public var step: ApplyStep
    public var kind: Kind
    /// Steps finished so far and in all, across hosts.
    public var done: Int
    public var total: Int
}

/// Discards events.
public struct SilentProgress: ApplyProgress {
    public init() {}
    public func report(_ event: ApplyEvent) {}
}

/// Counts finished steps across hosts and forwards events with "done of total".
actor ProgressCounter {
    private let sink: any ApplyProgress
    private let total: Int
    private var done = 0

    init(sink: any ApplyProgress, total: Int) {
        self.sink = sink
        self.total = total
    }

    func started(_ host: String, _ guest: String, _ step: ApplyStep) {
        sink.report(ApplyEvent(host: host, guest: guest, step: step, kind: .started, done: done, total: total))
    }

    func finished(_ host: String, _ guest: String, _ step: ApplyStep, failure: ApplyFailure?) {
        done += 1
        sink.report(
            ApplyEvent(
                host: host, guest: guest, step: step, kind: failure.map { .failed($0) } ?? .succeeded,
                done: done, total: total))
    }
}
