import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor

/// What the planner looks up about one observed host while planning its resources and storage.
/// Domain documents are parsed only when a rule needs them (who uses a file, who is attached to a
/// network), and then once, so a fleet without volumes and networks pays nothing for it.
final class HostContext {
    let fleet: String
    let observation: HostObservation
    let desired: DesiredHost
    let pools: [String: ObservedPool]
    let volumes: [VolumeReference: ObservedVolume]
    let networks: [String: ObservedNetwork]
    let images: [String: DesiredImage]
    /// Which guest of this fleet records each volume in its mark.
    let recordedBy: [VolumeReference: String]

    init(fleet: String, observation: HostObservation, desired: DesiredHost) {
        self.fleet = fleet
        self.observation = observation
        self.desired = desired
        pools = Dictionary(observation.pools.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        volumes = Dictionary(observation.volumes.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        networks = Dictionary(observation.networks.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        images = Dictionary(desired.images.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var recorded: [VolumeReference: String] = [:]
        for domain in observation.domains where domain.owner?.fleet == fleet {
            for volume in domain.owner?.volumes ?? [] where recorded[volume] == nil { recorded[volume] = domain.name }
        }
        recordedBy = recorded
    }

    /// True when the pool's volumes were listed (it exists and is active): a volume missing from
    /// the observation then really is missing.
    func listsVolumes(of pool: String) -> Bool { pools[pool]?.active == true }

    func volume(_ reference: VolumeReference) -> ObservedVolume? { volumes[reference] }

    /// Volumes observed in a pool.
    func volumeCount(in pool: String) -> Int { observation.volumes.filter { $0.pool == pool }.count }

    // MARK: Parsed domains, on demand

    private struct Facts {
        var files: Set<String>
        var networks: Set<String>
        var bridges: Set<String>
    }

    private lazy var facts: [String: Facts] = {
        var facts: [String: Facts] = [:]
        for domain in observation.domains {
            guard let root = try? LibXMLParser.parse(domain.inactiveXML, file: domain.name) else { continue }
            let devices = root.first("devices")
            let disks = devices?.elements(named: "disk") ?? []
            let interfaces = devices?.elements(named: "interface") ?? []
            facts[domain.name] = Facts(
                files: Set(disks.compactMap { $0.first("source")?[attribute: "file"] ?? $0.first("source")?[attribute: "dev"] }),
                networks: Set(
                    interfaces.filter { $0[attribute: "type"] == "network" }.compactMap { $0.first("source")?[attribute: "network"] }),
                bridges: Set(
                    interfaces.filter { $0[attribute: "type"] == "bridge" }.compactMap { $0.first("source")?[attribute: "bridge"] }))
        }
        return facts
    }()

    /// Domains (by name, sorted) whose disks name `path`, other than those in `except`.
    func domains(usingFile path: String, except: Set<String>) -> [String] {
        observation.domains.map(\.name).filter { !except.contains($0) && facts[$0]?.files.contains(path) == true }.sorted()
    }

    /// Running domains (by name, sorted) attached to the network, by its name or its bridge,
    /// other than those in `except`.
    func runningDomains(onNetwork name: String, bridge: String?, except: Set<String>) -> [String] {
        observation.domains.filter { domain in
            guard domain.isRunning, !except.contains(domain.name), let facts = facts[domain.name] else { return false }
            return facts.networks.contains(name) || bridge.map { facts.bridges.contains($0) } == true
        }
        .map(\.name).sorted()
    }
}
