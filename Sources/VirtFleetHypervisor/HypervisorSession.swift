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
