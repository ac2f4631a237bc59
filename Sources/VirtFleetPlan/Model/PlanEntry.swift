import VirtFleetHypervisor
import VirtFleetInventory

/// One guest on one host: what apply will do to it, and why, as values.
///
/// The `change` carries exactly what its kind needs (a definition only where one is defined), so
/// an entry that starts a guest cannot carry a document and a create cannot be told to stop.
public struct PlanEntry: Codable, Sendable, Hashable {
    public var host: String
    public var guest: String
    /// The state the inventory asks for.
    public var desiredState: DesiredState
    public var change: Change
    /// What was observed for this guest, if it exists.
    public var observed: ObservedFingerprint?
    /// The guest's volumes: its disks' volumes before it is defined, or, when it is deleted, the
    /// volumes its mark records (deleted only when the mark says `delete-volumes`).
    public var volumes: [VolumeEntry]
    /// Its cloud-init seed, uploaded before it is defined.
    public var seed: SeedEntry?
    /// `delete_volumes` as the inventory says now; recorded in the mark apply writes.
    public var deleteVolumes: Bool
    /// The mark is written again although the domain is not redefined (`delete_volumes` changed).
    public var rewritesMark: Bool
    /// For a delete: the volumes its mark records that stay (the mark does not say `delete-volumes`).
    public var keptVolumes: [VolumeReference]

    public init(
        host: String, guest: String, desiredState: DesiredState, change: Change,
        observed: ObservedFingerprint? = nil, volumes: [VolumeEntry] = [], seed: SeedEntry? = nil,
        deleteVolumes: Bool = false, rewritesMark: Bool = false, keptVolumes: [VolumeReference] = []
    ) {
        self.host = host
        self.guest = guest
        self.desiredState = desiredState
        self.change = change
        self.observed = observed
        self.volumes = volumes
        self.seed = seed
        self.deleteVolumes = deleteVolumes
        self.rewritesMark = rewritesMark
        self.keptVolumes = keptVolumes
    }

    /// The volume and seed entries, in apply's order.
    public var storage: [any ResourcePlanEntry] { volumes + (seed.map { [$0] } ?? []) }

    /// True when applying changes anything about this guest: its domain, a volume, its seed or its mark.
    /// A guest whose domain is unchanged but whose volume grows is a change.
    public var hasChange: Bool {
        action.isChange || rewritesMark || volumes.contains { $0.action.isChange } || seed?.action.isChange == true
    }

    /// A conflict, or a volume or seed that cannot be made as declared. Apply does not define or
    /// start a guest whose storage has an error.
    public var hasError: Bool { action == .conflict || storageHasError }

    public var storageHasError: Bool { storage.contains { $0.action.isError } }

    /// The kind of entry, as plan views and summaries count it.
    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, drift, start, stop, delete, conflict
        /// Running an older definition since an update applied without `--restart`; only
        /// `apply --restart` acts on it, so it does not count as a change.
        case restart
        case noChange = "no-change"

        public var isChange: Bool { self != .noChange && self != .conflict && self != .restart }
    }

    public var action: Action {
        switch change {
        case .create: .create
        case .redefine(let redefinition): [.inventoryChanged, .adopted].contains(redefinition.cause) ? .update : .drift
        case .start: .start
        case .stop: .stop
        case .delete: .delete
        case .restart: .restart
        case .conflict: .conflict
        case .noChange: .noChange
        }
    }

    /// The document to define, for create/update/drift.
    public var definition: Definition? {
        switch change {
        case .create(let creation): creation.definition
        case .redefine(let redefinition): redefinition.definition
        default: nil
        }
    }

    /// What to do with the guest's power state once it is defined.
    public var afterDefine: PowerChange {
        switch change {
        case .create(let creation): creation.start ? .start : .none
        case .redefine(let redefinition): redefinition.then
        default: .none
        }
    }

    /// The running guest keeps its old definition until it reboots (`apply --restart` reboots it).
    public var restartNeeded: Bool {
        switch change {
        case .redefine(let redefinition): redefinition.restartNeeded
        case .restart: true
        default: false
        }
    }

    /// For a create: the host whose copy of this guest is deleted in the same plan (the guest moves).
    public var movesFrom: String? {
        if case .create(let creation) = change { return creation.movesFrom }
        return nil
    }
}

/// What apply does to one guest.
public enum Change: Codable, Sendable, Hashable {
    /// Not defined yet.
    case create(Creation)
    /// Defined, but its definition must be written again.
    case redefine(Redefinition)
    /// Defined but not running; declared running.
    case start
    /// Running but declared stopped: graceful shutdown, destroy after the timeout.
    case stop
    /// Managed by this fleet and to be removed: stop, then undefine (disk images are kept, and
    /// volumes too unless the mark says `delete-volumes`: see `PlanEntry.volumes`).
    case delete(DeleteCause)
    /// Running an older definition since an apply without `--restart`.
    case restart
    /// A domain of the guest's name exists but this fleet does not own it; it is left untouched.
    case conflict(ConflictOwner)
    case noChange(Quiet)
}

/// A guest to define for the first time.
public struct Creation: Codable, Sendable, Hashable {
    public var definition: Definition
    /// Start it once defined (declared running).
    public var start: Bool
    /// The host whose copy of this guest is deleted in the same plan; apply removes that copy
    /// first and does not create this one if it could not.
    public var movesFrom: String?

    public init(definition: Definition, start: Bool, movesFrom: String? = nil) {
        self.definition = definition
        self.start = start
        self.movesFrom = movesFrom
    }
}

/// A defined guest whose definition is written again.
public struct Redefinition: Codable, Sendable, Hashable {
    public enum Cause: String, Codable, Sendable {
        /// The desired document changed since the last apply: an update.
        case inventoryChanged
        /// libvirt's read-back changed although the desired document did not: drift.
        case changedOutside
        /// At the last apply libvirt did not keep everything asked for: drift until it does.
        case notKeptLastTime
        /// The domain carries this fleet's mark without a read-back hash: an apply was interrupted
        /// between its define and the mark (or the definition came from elsewhere).
        case notRecorded
        /// Only a secret (a VNC password) differs from the inventory's; secrets are never hashed, so
        /// whether it changed in the inventory or outside virtfleet cannot be told.
        case secretDiffers
        /// Taken under management by `virtfleet adopt`: the mark has no desired hash yet, so the
        /// inventory's document is defined (the domain keeps its UUID).
        case adopted
    }

    public var cause: Cause
    public var definition: Definition
    /// Start or stop it afterwards, to reach the declared state.
    public var then: PowerChange
    /// Running now and declared running: the new definition takes effect at the next boot.
    public var restartNeeded: Bool
    /// What differs, where it can be said; empty when not known.
    public var differences: [Difference]

    public init(cause: Cause, definition: Definition, then: PowerChange, restartNeeded: Bool, differences: [Difference]) {
        self.cause = cause
        self.definition = definition
        self.then = then
        self.restartNeeded = restartNeeded
        self.differences = differences
    }
}

/// A domain document to define and the hash of it that the ownership mark stores.
/// It may hold secrets: never printed.
public struct Definition: Codable, Sendable, Hashable {
    public var xml: String
    public var hash: String

    public init(xml: String, hash: String) {
        self.xml = xml
        self.hash = hash
    }
}

public enum PowerChange: String, Codable, Sendable {
    case none, start, stop
}

/// One difference between the inventory's document and libvirt's read-back.
public enum Difference: Codable, Sendable, Hashable {
    /// A value the inventory sets that libvirt holds otherwise (`found` nil: libvirt has nothing).
    case value(path: String, wanted: String, found: String?)
    /// A secret (a VNC password) differs; its values are never shown.
    case secret
    /// libvirt's read-back changed outside anything the inventory sets (a default changed, or something was added).
    case outsideInventory
}

public enum DeleteCause: String, Codable, Sendable {
    /// A managed domain that the inventory no longer declares.
    case undeclared
    /// Declared `state: absent`.
    case declaredAbsent
    /// `virtfleet destroy`: everything the fleet owns goes.
    case destroyed
}

public enum ConflictOwner: Codable, Sendable, Hashable {
    /// No virtfleet mark at all.
    case unmanaged
    /// Managed by another fleet.
    case fleet(String)
}

/// Why an entry needs nothing done.
public enum Quiet: String, Codable, Sendable {
    case upToDate
    case absentAndNotDefined
    /// Declared absent; a domain of that name exists but another owner's, so it is left alone.
    case absentAndNotOurs
}

/// The observed facts an entry was planned from.
public struct ObservedFingerprint: Codable, Sendable, Hashable {
    public var uuid: String
    public var state: DomainState
    /// Hash of the read-back XML now.
    public var readbackHash: String
    /// The hashes stored at the last apply (from the ownership metadata).
    public var storedDesiredHash: String?
    public var storedReadbackHash: String?
    public var restartPending: Bool?
    public var pendingRunID: Int?
    /// libvirt's id of the run observed (nil when shut off).
    public var runID: Int?
    /// What the mark records of the guest's storage: the volumes virtfleet created for it, the
    /// seed last uploaded (hash and instance id), and `delete-volumes`.
    public var storedVolumes: [VolumeReference]?
    public var storedSeedHash: String?
    public var storedInstanceID: String?
    public var storedDeleteVolumes: Bool?

    public init(
        uuid: String, state: DomainState, readbackHash: String, storedDesiredHash: String? = nil,
        storedReadbackHash: String? = nil, restartPending: Bool? = nil, pendingRunID: Int? = nil, runID: Int? = nil,
        storedVolumes: [VolumeReference]? = nil, storedSeedHash: String? = nil, storedInstanceID: String? = nil,
        storedDeleteVolumes: Bool? = nil
    ) {
        self.storedVolumes = storedVolumes
        self.storedSeedHash = storedSeedHash
        self.storedInstanceID = storedInstanceID
        self.storedDeleteVolumes = storedDeleteVolumes
        self.uuid = uuid
        self.state = state
        self.readbackHash = readbackHash
        self.storedDesiredHash = storedDesiredHash
        self.storedReadbackHash = storedReadbackHash
        self.restartPending = restartPending
        self.pendingRunID = pendingRunID
        self.runID = runID
    }
}
