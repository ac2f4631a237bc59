import VirtFleetInventory

/// A live connection to one host's hypervisor. Planner and apply engine see only this, so they
/// are tested without SSH; the real one (SSH + libvirt RPC) lives in the adapter module.
/// Every call fails with a `HypervisorError` saying who failed.
public protocol HypervisorSession: Sendable {
    func observe() async throws(HypervisorError) -> HostObservation
    /// Domains, plus the pools, volumes and networks `scope` names (see `ObservationScope`).
    func observe(_ scope: ObservationScope) async throws(HypervisorError) -> HostObservation
    /// The persistent (inactive) definition; `secure` includes secrets such as VNC passwords.
    func inactiveXML(of domain: String, secure: Bool) async throws(HypervisorError) -> String
    func state(of domain: String) async throws(HypervisorError) -> DomainState
    /// Defines (or redefines) a domain with libvirt's schema validation on.
    func define(_ xml: String) async throws(HypervisorError)
    func start(_ domain: String) async throws(HypervisorError)
    func shutdown(_ domain: String) async throws(HypervisorError)
    func destroy(_ domain: String) async throws(HypervisorError)
    /// Undefines, removing managed-save images and snapshot metadata, keeping NVRAM. Never touches disks.
    func undefine(_ domain: String) async throws(HypervisorError)
    /// Writes virtfleet's ownership element (no namespace prefix in `element`) to the persistent config.
    func setOwnership(of domain: String, element: String) async throws(HypervisorError)
    /// A running guest's IP addresses as libvirt knows them, from every source it has (DHCP leases
    /// of its networks, the guest agent, the host's ARP table). Empty when it knows none; a source
    /// libvirt cannot use for this guest is skipped, not an error.
    func addresses(of domain: String) async throws(HypervisorError) -> [GuestAddress]
    // Storage pools (see HostResources.swift). Define validates; start builds nothing on disk.
    func definePool(_ xml: String) async throws(HypervisorError)
    /// Builds the pool's directory if needed (`virStoragePoolBuild`, no overwrite) and starts it.
    func startPool(_ name: String) async throws(HypervisorError)
    /// Deactivates a pool; its volumes stay on disk.
    func stopPool(_ name: String) async throws(HypervisorError)
    /// Removes the pool's definition; its directory and volumes stay on disk.
    func undefinePool(_ name: String) async throws(HypervisorError)
    func setPoolAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError)
    /// Re-reads the pool's volumes from disk (`virStoragePoolRefresh`), so volumes just uploaded
    /// read back with their new format and sizes at once. Apply calls it once per pool after its
    /// uploads, not per upload.
    func refreshPool(_ name: String) async throws(HypervisorError)

    // Volumes.
    /// `virStorageVolCreateXML` in `pool`.
    func createVolume(in pool: String, xml: String) async throws(HypervisorError)
    /// `virStorageVolCreateXMLFrom`: a full copy of `source` (libvirt converts the format when asked).
    func cloneVolume(in pool: String, xml: String, from source: VolumeReference) async throws(HypervisorError)
    /// Streams `source` into an existing volume (`virStorageVolUpload` over the same connection),
    /// reporting the bytes sent so far to `progress`.
    func upload(
        _ source: UploadSource, to volume: VolumeReference, progress: @escaping @Sendable (UInt64) -> Void
    ) async throws(HypervisorError)
    /// Grows a volume to `capacity` bytes (never shrinks).
    func resizeVolume(_ volume: VolumeReference, capacity: UInt64) async throws(HypervisorError)
    /// Deletes a volume and its file.
    func deleteVolume(_ volume: VolumeReference) async throws(HypervisorError)

    // Networks.
    func defineNetwork(_ xml: String) async throws(HypervisorError)
    func startNetwork(_ name: String) async throws(HypervisorError)
    func stopNetwork(_ name: String) async throws(HypervisorError)
    func undefineNetwork(_ name: String) async throws(HypervisorError)
    func setNetworkAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError)
    /// Adds or deletes one `<host mac=… name=… ip=…/>` of the network's first IPv4 DHCP block, live
    /// and in the persistent config (`virNetworkUpdate`), without restarting the network.
    func updateNetworkDHCPHost(_ network: String, _ change: DHCPHostChange, hostXML: String) async throws(HypervisorError)

    /// Takes the host's apply lock, or fails with cause `.lockHeld` naming the holder.
    func lock(holder: String) async throws(HypervisorError) -> any HostLock
    func close() async
}

/// Held while applying to a host; two applies against one host cannot interleave.
public protocol HostLock: Sendable {
    func release() async
}

/// Opens `HypervisorSession`s to inventory hosts.
public protocol HypervisorConnector: Sendable {
    func connect(to host: HypervisorHost) async throws(HypervisorError) -> any HypervisorSession
}

/// One IP address of a guest, with the interface's MAC and where libvirt learned it.
public struct GuestAddress: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        case lease, agent, arp
    }

    public var mac: String?
    public var address: String
    public var prefix: Int
    public var isIPv6: Bool
    public var source: Source

    public init(mac: String?, address: String, prefix: Int, isIPv6: Bool, source: Source) {
        self.mac = mac
        self.address = address
        self.prefix = prefix
        self.isIPv6 = isIPv6
        self.source = source
    }
}
