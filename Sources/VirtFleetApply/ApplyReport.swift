import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetPlan

/// What apply did, per host: each step's outcome, or why the host was not touched.
public struct ApplyReport: Sendable, Hashable {
    public struct Outcome: Sendable, Hashable {
        /// The guest, or the pool, network, image or volume (`pool/name`) the step was about.
        public var guest: String
        public var step: ApplyStep
        /// nil when it worked.
        public var failure: ApplyFailure?
        /// What `guest` names: nil for a domain, else the kind of resource.
        public var resource: ResourceKind? = nil
    }

    public struct HostResult: Sendable, Hashable {
        public var host: String
        /// Set when the host was not applied at all (unreachable, locked).
        public var failure: HostFailure?
        public var outcomes: [Outcome]

        public var failed: Bool { failure != nil || outcomes.contains { $0.failure != nil } }
    }

    public var hosts: [HostResult]

    public var failed: Bool { hosts.contains(where: \.failed) }
    public var succeededCount: Int { hosts.flatMap(\.outcomes).filter { $0.failure == nil }.count }
    public var failedCount: Int { hosts.flatMap(\.outcomes).filter { $0.failure != nil }.count }
}

/// One thing apply does to one guest or resource.
public enum ApplyStep: String, Sendable, Hashable {
    case create, update, drift, start, stop, delete, restart
    /// A base image or seed streamed into its volume (after creating it).
    case upload
    /// A volume made larger.
    case grow
    /// A seed deleted, created and uploaded again.
    case replace
    /// A pool's or network's autostart flag set.
    case autostart
    /// The ownership mark written again without a define (what it records of the guest's storage changed).
    case mark

    init?(_ action: PlanEntry.Action) {
        self.init(rawValue: action.rawValue)
    }
}

/// Why one step failed.
public enum ApplyFailure: Error, Sendable, Hashable {
    /// The hypervisor refused or could not be reached.
    case hypervisor(HypervisorError)
    /// libvirt accepted the definition but did not keep all of it (the next plan shows drift).
    case notKept([DomainSubset.Mismatch])
    /// The domain of that name is no longer the one this fleet planned for (other UUID or owner).
    case noLongerOwned
    /// A domain of that name exists although the plan creates it (it appeared since the plan).
    case appearedSincePlan
    /// The document to define is not the one the entry describes (the plan was edited).
    case definitionMismatch(DefinitionMismatch)
    /// A guest moving hosts whose old copy could not be removed is not created.
    case oldCopyRemains(host: String)
    /// libvirt's read-back of the definition is not XML this client can read.
    case unreadableReadback(String)
    /// The step was cancelled (the run is ending).
    case cancelled
    /// Not done because something it needs was not made (a pool, an image, one of the guest's
    /// volumes or its seed), or is in error in the plan.
    case dependencyFailed(Dependency)
    /// A pool declared absent still holds this many volumes (checked again right before).
    case poolNotEmpty(volumes: Int)
    /// A network to stop, delete or restart is used by these running guests (checked again right before).
    case networkInUse([String])
    /// The local image file is not the one planned: another size (nil: it cannot be read).
    case imageFileChanged(planned: UInt64, found: UInt64?)
    /// The cloud-init seed to upload was not given, or its bytes do not hash to the planned hash.
    case seedUnavailable
}

/// What a step needed that was not made.
public enum Dependency: Sendable, Hashable {
    case pool(String)
    case image(String)
    /// One of the guest's volumes or its seed (`pool/name`).
    case volume(String)
}

/// How a plan entry's document disagrees with the entry itself.
public enum DefinitionMismatch: Sendable, Hashable {
    /// The document defines another name than the entry's guest.
    case name(String?)
    /// The document does not carry this fleet's ownership mark for the guest.
    case owner
    /// The document's hash is not the hash the entry records.
    case hash
    /// The document's UUID is not the UUID of the domain the entry was planned against.
    case uuid(String?)
}

/// Why a whole host was not applied.
public enum HostFailure: Sendable, Hashable {
    /// It could not be observed when the plan was made.
    case unreachableWhenPlanned(HypervisorError)
    /// No connection settings for it (neither in the plan nor the inventory).
    case unknownHost
    /// Connecting, locking or re-observing it failed.
    case hypervisor(HypervisorError)
}

/// Why a saved (or just confirmed) plan was not applied.
public enum ApplyRefusal: Error, Sendable, Hashable {
    /// These hosts changed since the plan was made; nothing was applied.
    case stale(hosts: [String])
}
