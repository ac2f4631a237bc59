import VirtFleetInventory

/// A live connection to one host's hypervisor. Planner and apply engine see only this, so they
/// are tested without SSH; the real one (SSH + libvirt RPC) lives in the adapter module.
/// Every call fails with a `HypervisorError` saying who failed.
public protocol HypervisorSession: Sendable {
    func observe() async throws(HypervisorError) -> HostObservation
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
