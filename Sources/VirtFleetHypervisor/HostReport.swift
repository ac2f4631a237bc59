/// The outcome of reaching one host: observed, or unreachable and why.
/// One host's failure never hides the others'.
public struct HostReport: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case observed(HostObservation)
        case unreachable(HypervisorError)
    }

    public var host: String
    public var outcome: Outcome
    /// What the host was observed for (nil: not said, as in reports made by hand).
    public var scope: ObservationScope?

    public init(host: String, outcome: Outcome, scope: ObservationScope? = nil) {
        self.host = host
        self.outcome = outcome
        self.scope = scope
    }

    public var observation: HostObservation? {
        if case .observed(let observation) = outcome { return observation }
        return nil
    }
}
