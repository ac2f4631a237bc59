import VirtFleetHypervisor
import VirtFleetInventory

/// A plan: for every desired guest and every managed domain found, exactly one entry.
///
/// A plain value with no printing and no English (views word it) that saves to a versioned file
/// and can be applied later, refused as stale if any host changed since it was made.
public struct Plan: Codable, Sendable, Hashable {
    public var fleet: String
    public var hosts: [HostPlan]

    public init(fleet: String, hosts: [HostPlan]) {
        self.fleet = fleet
        self.hosts = hosts
    }

    public var entries: [PlanEntry] { hosts.flatMap(\.entries) }

    /// True when applying would change anything.
    public var hasChanges: Bool { entries.contains { $0.action.isChange } }

    public var hasErrors: Bool { hosts.contains { $0.unreachable != nil } || entries.contains { $0.action == .conflict } }

    public func count(_ action: PlanEntry.Action) -> Int { entries.filter { $0.action == action }.count }
}

/// One host's part of the plan, with the fingerprint of what was observed there.
public struct HostPlan: Codable, Sendable, Hashable {
    public var host: String
    /// Hash over every domain observed on the host (name, UUID, state, read-back hash);
    /// a saved plan is stale when it no longer matches. Nil when the host was not observed.
    public var fingerprint: String?
    /// Set when the host could not be observed; such a host gets no entries.
    public var unreachable: HypervisorError?
    public var entries: [PlanEntry]
    /// How to reach it again at apply time.
    public var access: HostAccess?

    public init(
        host: String, fingerprint: String?, unreachable: HypervisorError? = nil, entries: [PlanEntry],
        access: HostAccess? = nil
    ) {
        self.host = host
        self.fingerprint = fingerprint
        self.unreachable = unreachable
        self.entries = entries
        self.access = access
    }
}
