import VirtFleetDomain

/// What one hypervisor has now: identity, capacity and every domain on it.
public struct HostObservation: Sendable, Hashable {
    public var host: String
    public var hostname: String
    public var libvirtVersion: String
    public var hypervisorType: String
    public var hypervisorVersion: String
    public var cpus: Int
    public var memoryKiB: UInt64
    public var domains: [ObservedDomain]
    /// The pools, volumes and networks the observation's scope asked for, sorted by name.
    public var pools: [ObservedPool] = []
    public var volumes: [ObservedVolume] = []
    public var networks: [ObservedNetwork] = []

    public init(
        host: String, hostname: String, libvirtVersion: String, hypervisorType: String,
        hypervisorVersion: String, cpus: Int, memoryKiB: UInt64, domains: [ObservedDomain]
    ) {
        self.host = host
        self.hostname = hostname
        self.libvirtVersion = libvirtVersion
        self.hypervisorType = hypervisorType
        self.hypervisorVersion = hypervisorVersion
        self.cpus = cpus
        self.memoryKiB = memoryKiB
        self.domains = domains
    }

    /// Domains carrying this fleet's ownership mark.
    public func managed(by fleet: String) -> [ObservedDomain] {
        domains.filter { $0.owner?.fleet == fleet }
    }
}

/// One domain as the hypervisor reports it. `inactiveXML` is the persistent definition
/// (read without secrets), which is what virtfleet compares and hashes.
public struct ObservedDomain: Sendable, Hashable {
    public var name: String
    public var uuid: String
    public var state: DomainState
    /// libvirt's id of the current run; nil when shut off. A new run gets a new id.
    public var runID: Int?
    /// The persistent definition with secrets removed (see `Secrets`).
    public var inactiveXML: String
    public var owner: Owner?
    /// Secret attribute values (VNC passwords) in document order, for comparison only: never encoded or shown.
    public var secrets: [String] = []
    /// `DomainHash.readback` of the definition, taken once here ("unreadable" when libvirt's XML did not parse).
    public var readbackHash = "unreadable"

    /// The ownership mark, in a form that encodes to JSON.
    public struct Owner: Sendable, Hashable, Codable {
        public var fleet: String
        public var guest: String
        public var desiredHash: String?
        public var readbackHash: String?
        public var restartPending: Bool?
        public var pendingRunID: Int?
        /// The volumes and seed virtfleet created for the guest (nil when the mark records none).
        public var volumes: [VolumeReference]?
        /// SHA-256 of the cloud-init seed last uploaded, and its `instance-id`.
        public var seedHash: String?
        public var instanceID: String?
        /// `delete-volumes="yes"`: deleting the guest deletes `volumes` too.
        public var deleteVolumes: Bool?

        public init(
            fleet: String, guest: String, desiredHash: String? = nil, readbackHash: String? = nil,
            restartPending: Bool? = nil, pendingRunID: Int? = nil, volumes: [VolumeReference]? = nil,
            seedHash: String? = nil, instanceID: String? = nil, deleteVolumes: Bool? = nil
        ) {
            self.fleet = fleet
            self.guest = guest
            self.desiredHash = desiredHash
            self.readbackHash = readbackHash
            self.restartPending = restartPending
            self.pendingRunID = pendingRunID
            self.volumes = volumes
            self.seedHash = seedHash
            self.instanceID = instanceID
            self.deleteVolumes = deleteVolumes
        }

        /// The mark as read from a domain document.
        public init(_ mark: OwnershipMetadata) {
            self.init(
                fleet: mark.fleet, guest: mark.guest, desiredHash: mark.desiredHash, readbackHash: mark.readbackHash,
                restartPending: mark.restartPending ? true : nil, pendingRunID: mark.pendingRunID,
                volumes: mark.volumes.isEmpty ? nil : mark.volumes.map { VolumeReference(pool: $0.pool, name: $0.name) },
                seedHash: mark.seedHash, instanceID: mark.instanceID, deleteVolumes: mark.deleteVolumes ? true : nil)
        }
    }

    public init(name: String, uuid: String, state: DomainState, inactiveXML: String, runID: Int? = nil) {
        self.name = name
        self.uuid = uuid
        self.state = state
        self.runID = runID
        self.inactiveXML = inactiveXML
        guard let root = try? LibXMLParser.parse(inactiveXML, file: name) else { return }
        readbackHash = DomainHash.readback(root)
        let (stripped, secrets) = Secrets.strip(root)
        if !secrets.isEmpty {
            self.secrets = secrets
            self.inactiveXML = XMLWriter.string(from: stripped)
        }
        if let mark = OwnershipMetadata(domain: root) { owner = Owner(mark) }
    }

    /// True while the domain has a QEMU process (see `DomainState.isActive`).
    public var isRunning: Bool { state.isActive }
}
