/// `virDomainState`, plus room for states a newer server may add.
public enum DomainState: Hashable, Sendable, CustomStringConvertible {
    case noState, running, blocked, paused, shutdown, shutoff, crashed, pmSuspended
    case unknown(Int32)

    public init(code: Int32) {
        switch code {
        case 0: self = .noState
        case 1: self = .running
        case 2: self = .blocked
        case 3: self = .paused
        case 4: self = .shutdown
        case 5: self = .shutoff
        case 6: self = .crashed
        case 7: self = .pmSuspended
        default: self = .unknown(code)
        }
    }

    public var code: Int32 {
        switch self {
        case .noState: 0
        case .running: 1
        case .blocked: 2
        case .paused: 3
        case .shutdown: 4
        case .shutoff: 5
        case .crashed: 6
        case .pmSuspended: 7
        case let .unknown(code): code
        }
    }

    /// The words virsh uses, so output reads the same as `virsh domstate`.
    public var description: String {
        switch self {
        case .noState: "no state"
        case .running: "running"
        case .blocked: "blocked"
        case .paused: "paused"
        case .shutdown: "in shutdown"
        case .shutoff: "shut off"
        case .crashed: "crashed"
        case .pmSuspended: "pmsuspended"
        case let .unknown(code): "unknown state \(code)"
        }
    }
}

/// A domain's state and libvirt's reason code for it (reason numbering depends on the state).
public struct DomainStateInfo: Hashable, Sendable {
    public var state: DomainState
    public var reason: Int32

    public init(state: DomainState, reason: Int32) {
        self.state = state
        self.reason = reason
    }
}
