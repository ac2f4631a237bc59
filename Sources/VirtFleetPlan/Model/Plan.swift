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

    /// Every pool, network, image, volume and seed entry, host by host.
    public var resources: [any ResourcePlanEntry] { hosts.flatMap(\.resources) }

    /// True when applying would change anything: a domain, a pool, network, image, volume, seed or mark.
    public var hasChanges: Bool { entries.contains(where: \.hasChange) || hosts.contains(where: \.hasResourceChanges) }

    /// An unreachable host, a conflict, or a resource that cannot be made as declared.
    public var hasErrors: Bool {
        hosts.contains { $0.unreachable != nil } || entries.contains(where: \.hasError)
            || hosts.contains { $0.hostResources.contains { $0.action.isError } }
    }

    /// Guests by the action on their domain.
    public func count(_ action: PlanEntry.Action) -> Int { entries.filter { $0.action == action }.count }

    /// Resources of one kind by action.
    public func count(_ kind: ResourceKind, _ action: ResourceAction) -> Int {
        resources.filter { $0.kind == kind && $0.action == action }.count
    }

    /// Bytes uploaded (images and seeds) across hosts.
    public var uploadBytes: UInt64 { hosts.reduce(0) { $0 + $1.uploadBytes } }
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
    /// The host's declared pools, networks and the base images its guests need, planned before
    /// the guests (apply's order: pools and networks, images, volumes and seeds, domains).
    public var pools: [PoolEntry]
    public var networks: [NetworkEntry]
    public var images: [ImageEntry]
    /// What was observed besides domains; apply observes the same again for its staleness check.
    public var scope: ObservationScope

    public init(
        host: String, fingerprint: String?, unreachable: HypervisorError? = nil, entries: [PlanEntry],
        access: HostAccess? = nil, pools: [PoolEntry] = [], networks: [NetworkEntry] = [], images: [ImageEntry] = [],
        scope: ObservationScope = .domainsOnly
    ) {
        self.host = host
        self.fingerprint = fingerprint
        self.unreachable = unreachable
        self.entries = entries
        self.access = access
        self.pools = pools
        self.networks = networks
        self.images = images
        self.scope = scope
    }

    /// Pools, networks and images, in apply's order.
    public var hostResources: [any ResourcePlanEntry] { pools + networks + images }

    /// Host resources, then each guest's volumes and seed.
    public var resources: [any ResourcePlanEntry] { hostResources + entries.flatMap(\.storage) }

    public var hasResourceChanges: Bool { hostResources.contains { $0.action.isChange } }

    /// Bytes uploaded to this host: images, then seeds.
    public var uploadBytes: UInt64 {
        images.reduce(0) { $0 + $1.uploadBytes } + entries.reduce(0) { $0 + ($1.seed?.uploadBytes ?? 0) }
    }

    /// Bytes of base images uploaded to this host.
    public var imageBytes: UInt64 { images.reduce(0) { $0 + $1.uploadBytes } }
}
