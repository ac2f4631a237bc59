import VirtFleetHypervisor
import VirtFleetLibvirt

/// Observing a host: identity, every domain, and the pools, volumes and networks a scope names,
/// all pipelined on the one connection so a host costs one batch of round trips (the resource
/// calls run beside the domain calls; an empty scope adds no call at all).
extension RemoteHypervisorSession {
    /// How many calls each resource kind keeps on the wire at once.
    static let resourceCallsInFlight = 64

    public func observe(_ scope: ObservationScope) async throws(HypervisorError) -> HostObservation {
        let started = ContinuousClock.now
        let observation = try await guarded { try await observeAll(scope) }
        var detail = "\(observation.domains.count) domains"
        if !scope.isEmpty {
            detail += ", \(observation.pools.count) pools, \(observation.volumes.count) volumes, \(observation.networks.count) networks"
        }
        phases.record("observe", ContinuousClock.now - started, detail)
        return observation
    }

    private func observeAll(_ scope: ObservationScope) async throws -> HostObservation {
        async let hostname = libvirt.getHostname()
        async let libVersion = libvirt.getLibVersion()
        async let type = libvirt.getType()
        async let version = libvirt.getVersion()
        async let node = libvirt.nodeGetInfo()
        async let storage = observeStorage(scope)
        async let networks = observeNetworks(scope)
        // Read with secrets so VNC password changes can be compared; ObservedDomain strips them at once.
        // Each domain is parsed and hashed as its replies arrive, while the others are on the wire.
        async let details = libvirt.listAllDomainsWithDetails(xmlFlags: [.inactive, .secure]) { detail in
            ObservedDomain(
                name: detail.domain.name, uuid: detail.domain.uuid.uuidString.lowercased(),
                state: VirtFleetHypervisor.DomainState(detail.state.state), inactiveXML: detail.xml,
                runID: detail.domain.isActive ? Int(detail.domain.id) : nil)
        }
        let domains = try await details
        let info = try await node
        var observation = HostObservation(
            host: host, hostname: try await hostname, libvirtVersion: try await libVersion.description,
            hypervisorType: try await type, hypervisorVersion: try await version.description,
            cpus: Int(info.cpus), memoryKiB: info.memoryKiB,
            domains: domains.sorted { $0.name < $1.name })
        (observation.pools, observation.volumes) = try await storage
        observation.networks = try await networks
        return observation
    }

    /// The scope's pools (XML, info, autostart) and the volumes of its `volumePools` that are
    /// active. One listing finds them (no call per absent pool); each pool's calls and its volume
    /// listing then go out together, then every volume's calls.
    private func observeStorage(_ scope: ObservationScope) async throws -> ([ObservedPool], [ObservedVolume]) {
        let wanted = Set(scope.pools).union(scope.volumePools)
        guard !wanted.isEmpty else { return ([], []) }
        let listVolumesOf = Set(scope.volumePools)
        let pools = try await libvirt.listAllStoragePools().filter { wanted.contains($0.name) }
        let observed = try await libvirt.pipelined(pools, maxInFlight: Self.resourceCallsInFlight / 4) {
            connection, pool -> (ObservedPool, [StorageVolumeReference])? in
            do {
                async let xml = connection.storagePoolGetXMLDesc(pool, flags: .inactive)
                async let info = connection.storagePoolGetInfo(pool)
                async let autostart = connection.storagePoolGetAutostart(pool)
                async let volumes = Self.volumes(of: pool, listing: listVolumesOf.contains(pool.name), on: connection)
                let state = try await info
                let listed = try await volumes
                let facts = ResourceXML.pool(try await xml)
                let observedPool = ObservedPool(
                    name: pool.name, uuid: pool.uuid.uuidString.lowercased(), active: state.state.isActive,
                    autostart: try await autostart, type: facts.type, path: facts.path,
                    capacity: state.capacity, allocation: state.allocation, available: state.available, xml: try await xml)
                // A pool that is not active has no volume listing; the call failed for that reason.
                return (observedPool, state.state.isActive ? (listed ?? []) : [])
            } catch let error as LibvirtError where error.code == .noStoragePool {
                return nil  // undefined since the listing
            }
        }
        let volumes = try await libvirt.pipelined(observed.flatMap(\.1), maxInFlight: Self.resourceCallsInFlight / 2) {
            connection, volume in try await Self.observe(volume, on: connection)
        }
        let reported = Set(scope.pools)
        return (
            observed.map(\.0).filter { reported.contains($0.name) }.sorted { $0.name < $1.name },
            volumes.sorted { ($0.pool, $0.name) < ($1.pool, $1.name) }
        )
    }

    /// The pool's volumes, or nil when it is not active (libvirt refuses the listing then).
    private static func volumes(
        of pool: StoragePoolReference, listing: Bool, on connection: LibvirtConnection
    ) async throws -> [StorageVolumeReference]? {
        guard listing else { return [] }
        do {
            return try await connection.storagePoolListAllVolumes(pool)
        } catch let error as LibvirtError where error.code == .operationInvalid {
            return nil
        }
    }

    /// One volume: its XML (path, format, backing store) and its sizes, the file's size on the
    /// host included where the daemon reports it (`virStorageVolGetInfoFlags`, libvirt 3.0+).
    private static func observe(_ volume: StorageVolumeReference, on connection: LibvirtConnection) async throws -> ObservedVolume? {
        do {
            async let xml = connection.storageVolumeGetXMLDesc(volume)
            async let physicalInfo = connection.storageVolumeGetInfo(volume, flags: .physical)
            let facts = ResourceXML.volume(try await xml)
            let sizes: (capacity: UInt64, physical: UInt64?)
            do {
                let info = try await physicalInfo
                sizes = (info.capacity, info.allocation)
            } catch let error as LibvirtError where error.isUnknownProcedure {
                sizes = (try await connection.storageVolumeGetInfo(volume).capacity, facts.physical)
            }
            return ObservedVolume(
                pool: volume.pool, name: volume.name, path: facts.path ?? volume.key, format: facts.format,
                capacity: sizes.capacity, allocation: facts.allocation ?? 0, physical: sizes.physical,
                backingPath: facts.backingPath, backingFormat: facts.backingFormat)
        } catch let error as LibvirtError where error.code == .noStorageVolume {
            return nil  // deleted since the listing
        }
    }

    /// The scope's networks: the persistent XML, whether it runs, whether it starts with the host.
    private func observeNetworks(_ scope: ObservationScope) async throws -> [ObservedNetwork] {
        guard !scope.networks.isEmpty else { return [] }
        let wanted = Set(scope.networks)
        let networks = try await libvirt.listAllNetworks().filter { wanted.contains($0.name) }
        let observed = try await libvirt.pipelined(networks, maxInFlight: Self.resourceCallsInFlight / 3) {
            connection, network -> ObservedNetwork? in
            do {
                async let xml = connection.networkGetXMLDesc(network, flags: .inactive)
                async let active = connection.networkIsActive(network)
                async let autostart = connection.networkGetAutostart(network)
                return ObservedNetwork(
                    name: network.name, uuid: network.uuid.uuidString.lowercased(), active: try await active,
                    autostart: try await autostart, xml: try await xml)
            } catch let error as LibvirtError where error.code == .noNetwork {
                return nil  // undefined since the listing
            }
        }
        return observed.sorted { $0.name < $1.name }
    }
}

extension LibvirtError {
    /// The daemon does not know the procedure (older than the call) or refuses it as unsupported.
    var isUnknownProcedure: Bool {
        code == .noSupport || (code == .rpc && (message ?? "").hasPrefix("unknown procedure"))
    }

    /// The daemon does not know a flag the call passed.
    var isUnsupportedFlags: Bool {
        (code == .invalidArgument || code == .noSupport) && (message ?? "").contains("unsupported flags")
    }
}
