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

    private lazy var attachments: [String: DomainAttachments] = {
        var attachments: [String: DomainAttachments] = [:]
        for domain in observation.domains { attachments[domain.name] = DomainAttachments(domain) }
        return attachments
    }()

    /// Domains (by name, sorted) whose disks name `path`, other than those in `except`.
    func domains(usingFile path: String, except: Set<String>) -> [String] {
        observation.domains.map(\.name).filter { !except.contains($0) && attachments[$0]?.files.contains(path) == true }.sorted()
    }

    /// Running domains (by name, sorted) attached to the network, by its name or its bridge,
    /// other than those in `except`.
    func runningDomains(onNetwork name: String, bridge: String?, except: Set<String>) -> [String] {
        observation.domains.filter { domain in
            domain.isRunning && !except.contains(domain.name) && attachments[domain.name]?.uses(network: name, bridge: bridge) == true
        }
        .map(\.name).sorted()
    }
}

/// What a domain's document attaches it to: the files its disks name, the networks and bridges
/// its interfaces use. The one reading of that rule, for the planner and for apply's checks.
struct DomainAttachments {
    var files: Set<String>
    var networks: Set<String>
    var bridges: Set<String>

    /// Nil when the document does not parse.
    init?(_ domain: ObservedDomain) {
        guard let root = try? LibXMLParser.parse(domain.inactiveXML, file: domain.name) else { return nil }
        let devices = root.first("devices")
        let disks = devices?.elements(named: "disk") ?? []
        let interfaces = devices?.elements(named: "interface") ?? []
        let sources = { (type: String, attribute: String) in
            Set(interfaces.filter { $0[attribute: "type"] == type }.compactMap { $0.first("source")?[attribute: attribute] })
        }
        files = Set(disks.compactMap { $0.first("source")?[attribute: "file"] ?? $0.first("source")?[attribute: "dev"] })
        networks = sources("network", "network")
        bridges = sources("bridge", "bridge")
    }

    /// Attached to the network by its name, or to its bridge directly.
    func uses(network name: String, bridge: String?) -> Bool {
        networks.contains(name) || bridge.map { bridges.contains($0) } == true
    }
}

extension HostObservation {
    /// Running domains (by name, sorted) attached to the observed network `name`, by its name or
    /// the bridge libvirt gave it.
    public func runningDomains(onNetwork name: String) -> [String] {
        let bridge = networks.first { $0.name == name }.flatMap { network in
            (try? LibXMLParser.parse(network.xml, file: name))?.first("bridge")?[attribute: "name"]
        }
        return domains.filter { $0.isRunning && DomainAttachments($0)?.uses(network: name, bridge: bridge) == true }.map(\.name).sorted()
    }
}
