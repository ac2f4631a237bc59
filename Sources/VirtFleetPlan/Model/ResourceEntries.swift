import VirtFleetDiagnostics
import VirtFleetExpansion
import VirtFleetHypervisor

// What the plan says about a host's pools, networks and base images, and about each guest's
// volumes and cloud-init seed. Typed values only: the CLI's views word them.

/// The kinds of resource the plan lists besides domains.
public enum ResourceKind: String, Codable, Sendable, CaseIterable {
    case pool, network, image, volume, seed
}

/// What apply does to a resource, as views show and count it.
public enum ResourceAction: String, Codable, Sendable, CaseIterable {
    case create
    /// Redefined (a network), or its autostart flag changed.
    case update
    case start, stop
    /// A base image: a volume created and the local file streamed into it.
    case upload
    /// A guest volume made larger.
    case grow
    /// A seed whose documents changed: uploaded again.
    case replace
    case delete
    /// Something of that name exists that differs and is never changed (a pool with another
    /// path, an image copy of another size, a volume virtfleet did not create): left untouched.
    case conflict
    /// What the inventory asks cannot be done safely (shrink a volume, delete a pool that holds
    /// volumes, stop or delete a network running guests use): nothing is done.
    case error
    case noChange = "no-change"

    public var isChange: Bool { ![.conflict, .error, .noChange].contains(self) }
    /// Makes the plan one with errors (`plan` exits 1).
    public var isError: Bool { self == .conflict || self == .error }
}

/// Any entry of `ResourceKind`, for counting and listing.
public protocol ResourcePlanEntry: Sendable {
    var kind: ResourceKind { get }
    /// `pool/volume` for volumes and seeds, the resource's name otherwise.
    var label: String { get }
    var action: ResourceAction { get }
}

/// A place in an inventory file, kept in the plan (for errors shown when the plan is).
public struct PlanLocation: Codable, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(_ location: SourceLocation) {
        file = location.file
        line = location.line
        column = location.column
    }

    public var sourceLocation: SourceLocation { SourceLocation(file: file, line: line, column: column) }
    public var description: String { sourceLocation.description }
}

/// Why a pool or network entry needs nothing done.
public enum ResourceQuiet: String, Codable, Sendable {
    case upToDate
    case absentAndNotDefined
}

/// What libvirt reported for a pool or network when planned.
public struct ObservedResource: Codable, Sendable, Hashable {
    public var uuid: String
    public var active: Bool
    public var autostart: Bool

    public init(uuid: String, active: Bool, autostart: Bool) {
        self.uuid = uuid
        self.active = active
        self.autostart = autostart
    }
}

/// Start or stop a pool or network, and set its autostart flag.
public struct ResourceAdjustment: Codable, Sendable, Hashable {
    public var power: PowerChange
    /// The new autostart flag, nil when it stays.
    public var autostart: Bool?

    public init(power: PowerChange, autostart: Bool?) {
        self.power = power
        self.autostart = autostart
    }

    var isEmpty: Bool { power == .none && autostart == nil }

    var action: ResourceAction {
        switch power {
        case .start: .start
        case .stop: .stop
        case .none: .update
        }
    }
}

/// A pool or network defined for the first time.
public struct ResourceCreation: Codable, Sendable, Hashable {
    /// The `<pool>` or `<network>` document.
    public var xml: String
    /// Start it once defined (declared `active`).
    public var start: Bool
    public var autostart: Bool

    public init(xml: String, start: Bool, autostart: Bool) {
        self.xml = xml
        self.start = start
        self.autostart = autostart
    }
}

// MARK: - Pools

public struct PoolEntry: Codable, Sendable, Hashable, ResourcePlanEntry {
    public var name: String
    public var change: PoolChange
    public var observed: ObservedResource?

    public init(name: String, change: PoolChange, observed: ObservedResource? = nil) {
        self.name = name
        self.change = change
        self.observed = observed
    }

    public var kind: ResourceKind { .pool }
    public var label: String { name }

    public var action: ResourceAction {
        switch change {
        case .create: .create
        case .adjust(let adjustment): adjustment.action
        case .delete: .delete
        case .notEmpty: .error
        case .conflict: .conflict
        case .noChange: .noChange
        }
    }
}

public enum PoolChange: Codable, Sendable, Hashable {
    /// Define, then start (declared active) and set autostart.
    case create(ResourceCreation)
    case adjust(ResourceAdjustment)
    /// Declared absent and holds no volumes (none left once this plan's volume deletes ran):
    /// stop it if active, then undefine it. Its directory and any file in it stay on disk.
    case delete
    /// Declared absent but holds this many volumes: nothing is done.
    case notEmpty(volumes: Int)
    /// A pool of that name exists with another type or target path: never changed.
    case conflict(PoolConflict)
    case noChange(ResourceQuiet)
}

public struct PoolConflict: Codable, Sendable, Hashable {
    public var wantedType: String
    public var foundType: String
    public var wantedPath: String
    public var foundPath: String?

    public init(wantedType: String, foundType: String, wantedPath: String, foundPath: String?) {
        self.wantedType = wantedType
        self.foundType = foundType
        self.wantedPath = wantedPath
        self.foundPath = foundPath
    }
}

// MARK: - Networks

public struct NetworkEntry: Codable, Sendable, Hashable, ResourcePlanEntry {
    public var name: String
    public var change: NetworkChange
    public var observed: ObservedResource?

    public init(name: String, change: NetworkChange, observed: ObservedResource? = nil) {
        self.name = name
        self.change = change
        self.observed = observed
    }

    public var kind: ResourceKind { .network }
    public var label: String { name }

    public var action: ResourceAction {
        switch change {
        case .create: .create
        case .update: .update
        case .adjust(let adjustment): adjustment.action
        case .delete: .delete
        case .inUse: .error
        case .noChange: .noChange
        }
    }
}

public enum NetworkChange: Codable, Sendable, Hashable {
    case create(ResourceCreation)
    /// Its definition differs from the inventory's.
    case update(NetworkUpdate)
    case adjust(ResourceAdjustment)
    /// Declared absent and no running guest uses it: stop it if active, then undefine it.
    case delete
    /// Declared absent (or `defined` while active) but running guests use it: nothing is done.
    case inUse(InUse)
    case noChange(ResourceQuiet)
}

/// A network that cannot be stopped or deleted now.
public struct InUse: Codable, Sendable, Hashable {
    /// What was asked: `delete` or `stop`.
    public var wanted: ResourceAction
    /// The running guests (domain names) attached to it.
    public var guests: [String]

    public init(wanted: ResourceAction, guests: [String]) {
        self.wanted = wanted
        self.guests = guests
    }
}

/// A network whose definition changes.
public struct NetworkUpdate: Codable, Sendable, Hashable {
    public enum Mode: String, Codable, Sendable {
        /// Not running: redefined (and started afterwards when declared active).
        case redefine
        /// Running, and only static DHCP hosts change: added and deleted live, no restart.
        case live
        /// Running, no running guest uses it: redefined, then stopped and started.
        case restart
        /// Running guests use it: redefined; the change takes effect when the network restarts.
        case atNextStart
    }

    public var mode: Mode
    /// The document to define, with the observed UUID kept (nil for `live`).
    public var xml: String?
    /// The DHCP host entries to delete and add live (for `live`), deletes first.
    public var dhcpEdits: [DHCPHostEdit]
    /// What differs, for the plan's change lines.
    public var differences: [NetworkDifference]
    /// Start (declared active, not running) or stop afterwards; autostart to set.
    public var then: ResourceAdjustment
    /// For `atNextStart`: the running guests that keep it from restarting.
    public var users: [String]

    public init(
        mode: Mode, xml: String?, dhcpEdits: [DHCPHostEdit] = [], differences: [NetworkDifference],
        then: ResourceAdjustment = ResourceAdjustment(power: .none, autostart: nil), users: [String] = []
    ) {
        self.mode = mode
        self.xml = xml
        self.dhcpEdits = dhcpEdits
        self.differences = differences
        self.then = then
        self.users = users
    }
}

/// One static DHCP host entry to add or delete on a running network.
public struct DHCPHostEdit: Codable, Sendable, Hashable {
    public var change: DHCPHostChange
    public var host: DHCPHost
    /// `<host mac=… name=… ip=…/>` as `virNetworkUpdate` takes it.
    public var xml: String

    public init(change: DHCPHostChange, host: DHCPHost, xml: String) {
        self.change = change
        self.host = host
        self.xml = xml
    }
}

/// How a network's definition on the host differs from the inventory's.
public enum NetworkDifference: Codable, Sendable, Hashable {
    /// A value the inventory sets that libvirt holds otherwise (nil: libvirt has nothing).
    case value(path: String, wanted: String, found: String?)
    /// libvirt has an element the inventory no longer declares (a `<forward>`, an `<ip>`, a range).
    case extra(path: String, found: String)
    case dhcpHostAdded(DHCPHost)
    case dhcpHostRemoved(DHCPHost)
}

// MARK: - Images

/// A base image on one host.
public struct ImageEntry: Codable, Sendable, Hashable, ResourcePlanEntry {
    /// The inventory's name for the image.
    public var name: String
    public var pool: String
    public var volume: String
    public var change: ImageChange

    public init(name: String, pool: String, volume: String, change: ImageChange) {
        self.name = name
        self.pool = pool
        self.volume = volume
        self.change = change
    }

    public var kind: ResourceKind { .image }
    public var label: String { name }
    public var reference: VolumeReference { VolumeReference(pool: pool, name: volume) }

    public var action: ResourceAction {
        switch change {
        case .upload: .upload
        case .differs: .conflict
        case .noChange: .noChange
        }
    }

    /// Bytes this entry sends to the host.
    public var uploadBytes: UInt64 {
        if case .upload(let upload) = change { return upload.size }
        return 0
    }
}

public enum ImageChange: Codable, Sendable, Hashable {
    /// Create the volume, then stream the local file into it.
    case upload(ImageUpload)
    /// The host's copy has another size or format: never overwritten nor used.
    case differs(ImageDifference)
    /// The host's copy has the declared size and format.
    case noChange
}

public struct ImageUpload: Codable, Sendable, Hashable {
    /// The `<volume>` document.
    public var xml: String
    /// The local file, absolute.
    public var localPath: String
    /// Its size in bytes when planned; apply refuses a file of another size.
    public var size: UInt64
    /// Declared SHA-256 (checked when planned, and again before apply reads the file).
    public var sha256: String?
    public var format: String

    public init(xml: String, localPath: String, size: UInt64, sha256: String?, format: String) {
        self.xml = xml
        self.localPath = localPath
        self.size = size
        self.sha256 = sha256
        self.format = format
    }
}

public struct ImageDifference: Codable, Sendable, Hashable {
    public var wantedSize: UInt64
    public var foundSize: UInt64
    public var wantedFormat: String
    public var foundFormat: String?

    public init(wantedSize: UInt64, foundSize: UInt64, wantedFormat: String, foundFormat: String?) {
        self.wantedSize = wantedSize
        self.foundSize = foundSize
        self.wantedFormat = wantedFormat
        self.foundFormat = foundFormat
    }
}

// MARK: - Guest volumes

/// One volume of a guest: one of its disks, or one recorded in its mark that goes with it.
public struct VolumeEntry: Codable, Sendable, Hashable, ResourcePlanEntry {
    public var pool: String
    public var name: String
    public var change: VolumeChange
    /// What the host has now (nil when the volume does not exist or its pool could not be listed).
    public var observed: ObservedVolumeFacts?

    public init(pool: String, name: String, change: VolumeChange, observed: ObservedVolumeFacts? = nil) {
        self.pool = pool
        self.name = name
        self.change = change
        self.observed = observed
    }

    public var kind: ResourceKind { .volume }
    public var label: String { "\(pool)/\(name)" }
    public var reference: VolumeReference { VolumeReference(pool: pool, name: name) }

    public var action: ResourceAction {
        switch change {
        case .create: .create
        case .grow: .grow
        case .delete: .delete
        case .notOurs, .noChange: .noChange
        case .shrinkRefused, .inUse, .poolInactive: .error
        case .recordedFor, .differs: .conflict
        }
    }
}

public enum VolumeChange: Codable, Sendable, Hashable {
    case create(VolumeCreation)
    /// Made larger to the declared capacity.
    case grow(from: UInt64, to: UInt64)
    /// Declared smaller than it is: never shrunk.
    case shrinkRefused(from: UInt64, to: UInt64, at: PlanLocation)
    /// Exists and was not created by virtfleet (in no mark of this fleet): used as it is, never
    /// resized or deleted.
    case notOurs
    /// Recorded in another guest's mark: that guest's deletion could delete it.
    case recordedFor(guest: String)
    /// Another domain on the host uses the volume's file.
    case inUse(by: [String])
    /// Exists with another format or backing file than declared: never recreated.
    case differs(VolumeMismatch)
    /// The guest goes, its mark says `delete-volumes` and records this volume.
    case delete
    /// It would be deleted, but its pool is not active: libvirt can neither list nor delete it.
    case poolInactive
    case noChange
}

public struct VolumeCreation: Codable, Sendable, Hashable {
    public enum Source: Codable, Sendable, Hashable {
        case empty
        /// A qcow2 overlay reading through to the image's file.
        case overlay(image: String, backingPath: String)
        /// A full copy of the image's volume.
        case clone(image: String, from: VolumeReference)
    }

    /// The `<volume>` document.
    public var xml: String
    public var capacity: UInt64
    public var format: String
    public var source: Source

    public init(xml: String, capacity: UInt64, format: String, source: Source) {
        self.xml = xml
        self.capacity = capacity
        self.format = format
        self.source = source
    }

    /// The image this volume is made from, if any.
    public var image: String? {
        switch source {
        case .empty: nil
        case .overlay(let image, _), .clone(let image, _): image
        }
    }
}

public struct VolumeMismatch: Codable, Sendable, Hashable {
    public var wantedFormat: String
    public var foundFormat: String?
    public var wantedBacking: String?
    public var foundBacking: String?

    public init(wantedFormat: String, foundFormat: String?, wantedBacking: String?, foundBacking: String?) {
        self.wantedFormat = wantedFormat
        self.foundFormat = foundFormat
        self.wantedBacking = wantedBacking
        self.foundBacking = foundBacking
    }
}

/// A volume as the host reported it when planned.
public struct ObservedVolumeFacts: Codable, Sendable, Hashable {
    public var path: String
    public var format: String?
    public var capacity: UInt64
    public var backingPath: String?

    public init(path: String, format: String?, capacity: UInt64, backingPath: String?) {
        self.path = path
        self.format = format
        self.capacity = capacity
        self.backingPath = backingPath
    }

    public init(_ volume: ObservedVolume) {
        self.init(path: volume.path, format: volume.format, capacity: volume.capacity, backingPath: volume.backingPath)
    }
}

// MARK: - Seeds

/// A guest's cloud-init seed volume. The ISO itself is not in the plan: apply rebuilds it from the
/// inventory and refuses bytes that do not hash to `hash`.
public struct SeedEntry: Codable, Sendable, Hashable, ResourcePlanEntry {
    public var pool: String
    public var volume: String
    /// SHA-256 of the ISO to upload.
    public var hash: String
    public var instanceID: String
    /// The ISO's size in bytes.
    public var size: UInt64
    /// The `<volume>` document.
    public var xml: String
    public var change: SeedChange

    public init(
        pool: String, volume: String, hash: String, instanceID: String, size: UInt64, xml: String, change: SeedChange
    ) {
        self.pool = pool
        self.volume = volume
        self.hash = hash
        self.instanceID = instanceID
        self.size = size
        self.xml = xml
        self.change = change
    }

    public var kind: ResourceKind { .seed }
    public var label: String { "\(pool)/\(volume)" }
    public var reference: VolumeReference { VolumeReference(pool: pool, name: volume) }

    public var action: ResourceAction {
        switch change {
        case .create: .create
        case .replace: .replace
        case .notOurs: .conflict
        case .noChange: .noChange
        }
    }

    /// The guest has booted with earlier first-boot data and keeps its instance id: cloud-init
    /// will not read the new documents.
    public var firstBootOnly: Bool {
        switch change {
        case .create(let note), .replace(let note): note
        default: false
        }
    }

    /// Bytes this entry sends to the host.
    public var uploadBytes: UInt64 { action == .create || action == .replace ? size : 0 }
}

public enum SeedChange: Codable, Sendable, Hashable {
    /// Create the volume and upload the ISO. `firstBootOnly`: the guest exists already and keeps
    /// its instance id, so cloud-init will not read it.
    case create(firstBootOnly: Bool)
    /// The documents changed since the seed was uploaded (its hash differs from the mark's
    /// `seed-hash`): deleted, created and uploaded again.
    case replace(firstBootOnly: Bool)
    /// A volume of that name exists that virtfleet did not create for this guest (recorded for
    /// `guest`, or for none): never overwritten.
    case notOurs(recordedFor: String?)
    case noChange
}
