import VirtFleetInventory

/// A live connection to one host's hypervisor. The planner and apply engine see only this,
/// so they are tested without SSH; the real one is SSH + libvirt RPC.
public protocol HypervisorSession: Sendable {
    func observe() async throws -> HostObservation
    func close() async
}

/// Opens `HypervisorSession`s to inventory hosts.
public protocol HypervisorConnector: Sendable {
    func connect(to host: Host) async throws -> any HypervisorSession
}
