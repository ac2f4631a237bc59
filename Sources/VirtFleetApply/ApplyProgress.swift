/// Where apply reports what it does, as it does it (the CLI prints; tests collect).
public protocol ApplyProgress: Sendable {
    func report(_ event: ApplyEvent)
}

public struct ApplyEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case started
        case succeeded
        case failed(String)
    }

    public var host: String
    public var guest: String
    /// The step: the plan entry's action (create, update, drift, start, stop, delete) or `restart`.
    public var step: String
    public var kind: Kind
    /// Actions finished so far and in all, across hosts.
    public var done: Int
    public var total: Int
}

/// Discards events.
public struct SilentProgress: ApplyProgress {
    public init() {}
    public func report(_ event: ApplyEvent) {}
}
