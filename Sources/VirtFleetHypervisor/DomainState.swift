/// A domain's state as the port reports it: libvirt's `virDomainState`, named in virsh's words
/// (the raw values are what views print and plan files store).
public enum DomainState: String, CaseIterable, Codable, Sendable, Hashable {
    case noState = "no state"
    case running
    case blocked
    case paused
    case shutdown = "in shutdown"
    case shutoff = "shut off"
    case crashed
    case pmSuspended = "pmsuspended"
    /// A state newer than this client knows; treated as active, so stop and delete still act.
    case unknown

    /// True while the domain has a QEMU process (running, paused, blocked, in shutdown, pmsuspended,
    /// crashed-and-preserved); false when shut off. Planner and apply use this one rule.
    public var isActive: Bool { self != .shutoff && self != .noState }
}
