/// A plan: for every desired guest and every managed domain found, exactly one entry with a reason.
///
/// A plain value with no printing (views render it) that saves to a versioned file and can be
/// applied later, refused as stale if any host changed since it was made.
public struct Plan: Codable, Sendable, Hashable {
    public static let formatVersion = 1

    public var formatVersion: Int = Plan.formatVersion
    public var fleet: String
    public var hosts: [HostPlan]

    public init(fleet: String, hosts: [HostPlan]) {
        self.fleet = fleet
        self.hosts = hosts
    }

    public var entries: [PlanEntry] { hosts.flatMap(\.entries) }

    /// True when applying would change anything.
    public var hasChanges: Bool { entries.contains { $0.action.isChange } }

    public var hasErrors: Bool { hosts.contains { $0.error != nil } || entries.contains { $0.action == .conflict } }

    public func count(_ action: PlanEntry.Action) -> Int { entries.filter { $0.action == action }.count }
}

/// One host's part of the plan, with the fingerprint of what was observed there.
public struct HostPlan: Codable, Sendable, Hashable {
    public var host: String
    /// Hash over every domain observed on the host (name, UUID, state, read-back hash);
    /// a saved plan is stale when it no longer matches.
    public var fingerprint: String?
    /// Set when the host could not be observed; such a host gets no entries.
    public var error: String?
    public var entries: [PlanEntry]
    /// How to reach it again at apply time.
    public var connection: HostConnection?

    public init(host: String, fingerprint: String?, error: String? = nil, entries: [PlanEntry],
                connection: HostConnection? = nil) {
        self.host = host
        self.fingerprint = fingerprint
        self.error = error
        self.entries = entries
        self.connection = connection
    }
}

public struct PlanEntry: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, drift, start, stop, delete, conflict
        /// Running an older definition since an update applied without `--restart`; only
        /// `apply --restart` acts on it, so it does not count as a change.
        case restart
        case noChange = "no-change"

        public var isChange: Bool { self != .noChange && self != .conflict && self != .restart }
    }

    public var host: String
    public var guest: String
    public var action: Action
    /// One line, for people.
    public var reason: String
    /// The state the inventory asks for (`running`, `stopped`, `absent`).
    public var desiredState: String
    /// For create/update/drift: also start the guest after defining it.
    public var startAfterDefine: Bool = false
    /// For create/update/drift: also stop it (desired `stopped` but running now).
    public var stopAfterDefine: Bool = false
    /// The definition changes while the guest runs: it takes effect at next boot (apply `--restart` reboots).
    public var restartNeeded: Bool = false
    /// What changes, as path-level lines (secrets masked); empty when not known.
    public var changes: [String] = []
    /// For a create: the host whose copy of this guest is deleted in the same plan (the guest moves).
    /// Apply removes that copy first and does not create this one if it could not.
    public var movesFrom: String?
    /// The document to define (create/update/drift). It may hold secrets: never printed.
    public var desiredXML: String?
    public var desiredHash: String?
    /// What was observed for this guest, if it exists.
    public var observed: ObservedFingerprint?

    public init(host: String, guest: String, action: Action, reason: String, desiredState: String) {
        self.host = host
        self.guest = guest
        self.action = action
        self.reason = reason
        self.desiredState = desiredState
    }
}

/// The observed facts an entry was planned from.
public struct ObservedFingerprint: Codable, Sendable, Hashable {
    public var uuid: String
    public var state: String
    /// Hash of the read-back XML now.
    public var readbackHash: String
    /// The hashes stored at the last apply (from the ownership metadata).
    public var storedDesiredHash: String?
    public var storedReadbackHash: String?
    public var restartPending: Bool?
    public var pendingRunID: Int?
    /// libvirt's id of the run observed (nil when shut off).
    public var runID: Int?
}
