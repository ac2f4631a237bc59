import VirtFleetInventory

/// A live connection to one host's hypervisor. Planner and apply engine see only this, so they
/// are tested without SSH; the real one is SSH + libvirt RPC (`RemoteHypervisorSession`).
public protocol HypervisorSession: Sendable {
    func observe() async throws -> HostObservation
    /// The persistent (inactive) definition; `secure` includes secrets such as VNC passwords.
    func inactiveXML(of domain: String, secure: Bool) async throws -> String
    /// libvirt's state word for the domain (running, shut off, …).
    func state(of domain: String) async throws -> String
    /// Defines (or redefines) a domain with libvirt's schema validation on.
    func define(_ xml: String) async throws
    func start(_ domain: String) async throws
    func shutdown(_ domain: String) async throws
    func destroy(_ domain: String) async throws
    /// Undefines, removing managed-save images and snapshot metadata, keeping NVRAM. Never touches disks.
    func undefine(_ domain: String) async throws
    /// Writes virtfleet's ownership element (no namespace prefix in `element`) to the persistent config.
    func setOwnership(of domain: String, element: String) async throws
    /// Takes the host's apply lock, or throws `HostLockError.held` naming the holder.
    func lock(holder: String) async throws -> any HostLock
    func close() async
}

/// Held while applying to a host; two applies against one host cannot interleave.
public protocol HostLock: Sendable {
    func release() async
}

public enum HostLockError: Error, CustomStringConvertible, Equatable {
    case held(host: String, by: String)

    public var description: String {
        switch self {
        case let .held(host, holder):
            "host \(host) is locked by another apply (\(holder.isEmpty ? "holder unknown" : holder)); wait for it to finish"
        }
    }
}

/// Opens `HypervisorSession`s to inventory hosts.
public protocol HypervisorConnector: Sendable {
    func connect(to host: HypervisorHost) async throws -> any HypervisorSession
}
