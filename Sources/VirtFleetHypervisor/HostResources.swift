/// Storage pools, volumes and networks as a host reports them, and what the port may be asked
/// to do with them. Observed only as far as an `ObservationScope` asks, so a fleet that declares
/// none pays nothing for them.

/// What `observe(_:)` reads besides domains: the pools and networks the inventory declares for
/// the host, and the pools whose volumes are listed.
public struct ObservationScope: Sendable, Hashable, Codable {
    /// Pools to read (by name); absent ones are simply not in the observation.
    public var pools: [String]
    /// Pools whose volumes are listed (a subset of `pools` that exist and are active).
    public var volumePools: [String]
    /// Networks to read (by name).
    public var networks: [String]

    public init(pools: [String] = [], volumePools: [String] = [], networks: [String] = []) {
        self.pools = pools
        self.volumePools = volumePools
        self.networks = networks
    }

    /// Domains only: what every fleet without pools or networks asks.
    public static let domainsOnly = ObservationScope()

    public var isEmpty: Bool { pools.isEmpty && volumePools.isEmpty && networks.isEmpty }
}

/// A storage pool on a host.
public struct ObservedPool: Sendable, Hashable, Codable {
    public var name: String
    public var uuid: String
    public var active: Bool
    public var autostart: Bool
    /// libvirt's pool type (`dir`, `logical`, …) from the XML.
    public var type: String
    /// The target path from the XML, for directory-like pools.
    public var path: String?
    public var capacity: UInt64
    public var allocation: UInt64
    public var available: UInt64
    /// The persistent definition as libvirt returns it.
    public var xml: String

    public init(
        name: String, uuid: String, active: Bool, autostart: Bool, type: String, path: String?,
        capacity: UInt64 = 0, allocation: UInt64 = 0, available: UInt64 = 0, xml: String
    ) {
        self.name = name
        self.uuid = uuid
        self.active = active
        self.autostart = autostart
        self.type = type
        self.path = path
        self.capacity = capacity
        self.allocation = allocation
        self.available = available
        self.xml = xml
    }
}

/// A volume in one pool, addressed by pool and name.
public struct VolumeReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var pool: String
    public var name: String

    public init(pool: String, name: String) {
        self.pool = pool
        self.name = name
    }

    public var description: String { "\(pool)/\(name)" }
}

/// A volume on a host.
public struct ObservedVolume: Sendable, Hashable, Codable {
    public var pool: String
    public var name: String
    /// The volume's path on the host (its key for directory pools).
    public var path: String
    /// `<target><format type=…>` (`qcow2`, `raw`, `iso`, …), nil when libvirt does not say.
    public var format: String?
    /// Virtual size in bytes.
    public var capacity: UInt64
    /// Bytes allocated on the host.
    public var allocation: UInt64
    /// Size of the file on the host in bytes, when libvirt reports it (`<physical>`).
    public var physical: UInt64?
    /// `<backingStore><path>`: the file a qcow2 overlay reads through to.
    public var backingPath: String?
    public var backingFormat: String?

    public init(
        pool: String, name: String, path: String, format: String? = nil, capacity: UInt64, allocation: UInt64,
        physical: UInt64? = nil, backingPath: String? = nil, backingFormat: String? = nil
    ) {
        self.pool = pool
        self.name = name
        self.path = path
        self.format = format
        self.capacity = capacity
        self.allocation = allocation
        self.physical = physical
        self.backingPath = backingPath
        self.backingFormat = backingFormat
    }

    public var reference: VolumeReference { VolumeReference(pool: pool, name: name) }
}

/// A virtual network on a host.
public struct ObservedNetwork: Sendable, Hashable, Codable {
    public var name: String
    public var uuid: String
    public var active: Bool
    public var autostart: Bool
    /// The persistent (inactive) definition as libvirt returns it.
    public var xml: String

    public init(name: String, uuid: String, active: Bool, autostart: Bool, xml: String) {
        self.name = name
        self.uuid = uuid
        self.active = active
        self.autostart = autostart
        self.xml = xml
    }
}

/// Bytes to upload into a volume.
public enum UploadSource: Sendable, Hashable {
    /// A local file, read in chunks (never whole into memory).
    case file(path: String)
    /// Bytes already in memory (a cloud-init seed).
    case bytes([UInt8])
}

/// A static DHCP host entry changed on a running network without restarting it.
public enum DHCPHostChange: String, Sendable, Hashable, Codable {
    case add, delete
}
