import VirtFleetExpansion
import VirtFleetHypervisor

/// Pools, networks and base images: declared ones against what the host has. Undeclared pools
/// and networks are never looked at, so never touched; images are never deleted.
extension Planner {
    /// What `observe(_:)` must read on a host for these declarations and guests: the declared
    /// pools and every pool an image, volume or seed goes into (with their volumes), and the
    /// declared networks. Empty when the host has none, so such a fleet observes domains only.
    public static func scope(for host: DesiredHost?, guests: [DesiredGuest]) -> ObservationScope {
        var pools = Set(host?.pools.map(\.name) ?? [])
        pools.formUnion(host?.images.map(\.pool) ?? [])
        for guest in guests {
            pools.formUnion(guest.volumes.map(\.pool))
            if let seed = guest.seed { pools.insert(seed.pool) }
        }
        return scope(pools: pools, networks: host?.networks.map(\.name) ?? [])
    }

    /// The scope for a host's declared pools and networks, known before expansion. Every pool a
    /// guest, seed or image of the host uses must be declared for it (expansion refuses the
    /// inventory otherwise), so this covers `scope(for:guests:)`.
    public static func scope(declaredPools: [String], networks: [String]) -> ObservationScope {
        scope(pools: Set(declaredPools), networks: networks)
    }

    /// `scope` plus every pool a mark of this fleet on the host names: a guest's recorded volumes
    /// are read wherever they are, so deleting one is checked against who else uses it even when
    /// its pool is no longer declared (and for `destroy`, which declares nothing). Usually no wider.
    public func widened(_ scope: ObservationScope, for observation: HostObservation) -> ObservationScope {
        let marked = Set(observation.domains.filter { $0.owner?.fleet == fleet }.flatMap { $0.owner?.volumes ?? [] }.map(\.pool))
        guard !marked.isSubset(of: Set(scope.pools).intersection(scope.volumePools)) else { return scope }
        return Self.scope(pools: marked.union(scope.pools).union(scope.volumePools), networks: scope.networks)
    }

    private static func scope(pools: Set<String>, networks: [String]) -> ObservationScope {
        let sorted = pools.sorted()
        return ObservationScope(pools: sorted, volumePools: sorted, networks: networks.sorted())
    }

    /// The network document a redefine sends: the inventory's, with the UUID libvirt already has.
    public static func networkDocument(_ xml: String, keepingUUID uuid: String) -> String {
        NetworkComparison.keepingUUID(xml, uuid: uuid)
    }

    /// - Parameter deleting: volumes this plan deletes, per pool, before pools are deleted.
    func poolEntry(_ pool: DesiredPool, _ context: HostContext, deleting: [String: Int]) -> PoolEntry {
        guard let found = context.pools[pool.name] else {
            return PoolEntry(
                name: pool.name,
                change: pool.state == .absent
                    ? .noChange(.absentAndNotDefined)
                    : .create(ResourceCreation(xml: pool.xml, start: pool.state == .active, autostart: pool.autostart)))
        }
        let observed = ObservedResource(uuid: found.uuid, active: found.active, autostart: found.autostart)
        let entry = { (change: PoolChange) in PoolEntry(name: pool.name, change: change, observed: observed) }
        if pool.state == .absent {
            let remaining = context.volumeCount(in: pool.name) - deleting[pool.name, default: 0]
            return entry(remaining > 0 ? .notEmpty(volumes: remaining) : .delete)
        }
        guard found.type == pool.type, found.path.map(Self.trimmed) == Self.trimmed(pool.path) else {
            return entry(
                .conflict(PoolConflict(wantedType: pool.type, foundType: found.type, wantedPath: pool.path, foundPath: found.path)))
        }
        let adjustment = Self.adjustment(
            active: found.active, autostart: found.autostart, wanted: pool.state, wantedAutostart: pool.autostart)
        return entry(adjustment.isEmpty ? .noChange(.upToDate) : .adjust(adjustment))
    }

    /// - Parameter deleted: domains this plan deletes first (they no longer hold a network).
    func networkEntry(_ network: DesiredNetwork, _ context: HostContext, deleted: Set<String>) -> NetworkEntry {
        guard let found = context.networks[network.name] else {
            return NetworkEntry(
                name: network.name,
                change: network.state == .absent
                    ? .noChange(.absentAndNotDefined)
                    : .create(ResourceCreation(xml: network.xml, start: network.state == .active, autostart: network.autostart)))
        }
        let observed = ObservedResource(uuid: found.uuid, active: found.active, autostart: found.autostart)
        let entry = { (change: NetworkChange) in NetworkEntry(name: network.name, change: change, observed: observed) }
        let comparison = NetworkComparison.compare(desired: network.xml, observed: found)
        let users = { () -> [String] in
            guard found.active else { return [] }
            return context.runningDomains(onNetwork: network.name, bridge: comparison.bridge ?? network.bridge, except: deleted)
        }
        if network.state == .absent {
            let using = users()
            return entry(using.isEmpty ? .delete : .inUse(InUse(wanted: .delete, guests: using)))
        }
        let adjustment = Self.adjustment(
            active: found.active, autostart: found.autostart, wanted: network.state, wantedAutostart: network.autostart)
        if adjustment.power == .stop {
            let using = users()
            if !using.isEmpty { return entry(.inUse(InUse(wanted: .stop, guests: using))) }
        }
        guard !comparison.differences.isEmpty else {
            return entry(adjustment.isEmpty ? .noChange(.upToDate) : .adjust(adjustment))
        }
        let redefined = Self.networkDocument(network.xml, keepingUUID: found.uuid)
        guard found.active, adjustment.power != .stop else {
            return entry(.update(NetworkUpdate(mode: .redefine, xml: redefined, differences: comparison.differences, then: adjustment)))
        }
        if comparison.onlyDHCPHosts {
            return entry(
                .update(
                    NetworkUpdate(
                        mode: .live, xml: nil, dhcpEdits: comparison.dhcpEdits, differences: comparison.differences,
                        then: adjustment)))
        }
        let using = users()
        return entry(
            .update(
                NetworkUpdate(
                    mode: using.isEmpty ? .restart : .atNextStart, xml: redefined, differences: comparison.differences,
                    then: adjustment, users: using)))
    }

    func imageEntry(_ image: DesiredImage, _ context: HostContext) -> ImageEntry {
        let entry = { (change: ImageChange) in ImageEntry(name: image.name, pool: image.pool, volume: image.volume, change: change) }
        guard let found = context.volume(VolumeReference(pool: image.pool, name: image.volume)) else {
            return entry(
                .upload(
                    ImageUpload(
                        xml: image.xml, localPath: image.localPath, size: image.size, sha256: image.sha256, format: image.format)))
        }
        let size = found.physical ?? found.capacity
        if size != image.size || (found.format != nil && found.format != image.format) {
            return entry(
                .differs(
                    ImageDifference(wantedSize: image.size, foundSize: size, wantedFormat: image.format, foundFormat: found.format)))
        }
        return entry(.noChange)
    }

    /// Start or stop to reach the declared state, and the autostart flag when it differs.
    static func adjustment(active: Bool, autostart: Bool, wanted: ResourceState, wantedAutostart: Bool) -> ResourceAdjustment {
        let power: PowerChange =
            wanted == .active && !active ? .start : wanted == .defined && active ? .stop : .none
        return ResourceAdjustment(power: power, autostart: autostart == wantedAutostart ? nil : wantedAutostart)
    }

    /// A directory path without trailing slashes (libvirt keeps what it was given).
    static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
