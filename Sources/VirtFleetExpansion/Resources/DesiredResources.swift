import VirtFleetDiagnostics
import VirtFleetInventory

/// What a host needs besides its guests: the pools and networks declared for it and the base
/// images its guests' volumes are made from. Built by expansion; planned before the guests.
public struct DesiredHost: Sendable, Hashable {
    public var host: String
    public var pools: [DesiredPool]
    public var networks: [DesiredNetwork]
    /// Only the images some guest on this host uses (an image nobody uses is not uploaded).
    public var images: [DesiredImage]

    public init(host: String, pools: [DesiredPool] = [], networks: [DesiredNetwork] = [], images: [DesiredImage] = []) {
        self.host = host
        self.pools = pools
        self.networks = networks
        self.images = images
    }
}

/// Declared state of a pool or network.
public enum ResourceState: String, CaseIterable, Sendable, Hashable, Codable {
    /// Defined (persistent) but not started.
    case defined
    /// Defined and started.
    case active
    /// Removed: a pool only when empty, a network only when no running guest uses it.
    case absent
}

/// A storage pool declared for a host (directory pools).
public struct DesiredPool: Sendable, Hashable {
    public var name: String
    /// libvirt's pool type; only `dir` is accepted today.
    public var type: String
    /// Absolute target path on the host.
    public var path: String
    public var state: ResourceState
    public var autostart: Bool
    /// The `<pool>` document defined on the host.
    public var xml: String
    public var location: SourceLocation

    public init(
        name: String, type: String = "dir", path: String, state: ResourceState = .active, autostart: Bool = true,
        xml: String, location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.path = path
        self.state = state
        self.autostart = autostart
        self.xml = xml
        self.location = location
    }
}

/// One static DHCP host entry: a guest's derived MAC bound to an address.
public struct DHCPHost: Sendable, Hashable, Codable {
    public var mac: String
    public var name: String
    public var ip: String

    public init(mac: String, name: String, ip: String) {
        self.mac = mac
        self.name = name
        self.ip = ip
    }
}

/// A virtual network declared for a host.
public struct DesiredNetwork: Sendable, Hashable {
    public enum Mode: String, CaseIterable, Sendable, Hashable, Codable {
        /// No `<forward>`: guests reach each other and the host only.
        case isolated
        case nat
        /// `<forward mode='bridge'>` onto an existing host bridge.
        case bridge
    }

    public var name: String
    public var mode: Mode
    /// The bridge libvirt creates (isolated, nat) or the host bridge used (bridge).
    public var bridge: String?
    public var state: ResourceState
    public var autostart: Bool
    /// Static DHCP entries, in the `<network>` document too; kept apart so a change to them alone
    /// can be applied live.
    public var dhcpHosts: [DHCPHost]
    /// The `<network>` document defined on the host (with `dhcpHosts`).
    public var xml: String
    public var location: SourceLocation

    public init(
        name: String, mode: Mode, bridge: String? = nil, state: ResourceState = .active, autostart: Bool = true,
        dhcpHosts: [DHCPHost] = [], xml: String, location: SourceLocation
    ) {
        self.name = name
        self.mode = mode
        self.bridge = bridge
        self.state = state
        self.autostart = autostart
        self.dhcpHosts = dhcpHosts
        self.xml = xml
        self.location = location
    }
}

/// A base image: a local file uploaded once into a pool on each host whose guests need it.
public struct DesiredImage: Sendable, Hashable {
    /// The inventory's name for it (what `backing:` and `clone:` refer to).
    public var name: String
    /// Absolute local path.
    public var localPath: String
    /// Size of the local file in bytes (read when expanding).
    public var size: UInt64
    /// Declared lowercase hex SHA-256 of the local file, if any.
    public var sha256: String?
    /// `qcow2` or `raw`.
    public var format: String
    public var pool: String
    /// The volume's name in `pool`.
    public var volume: String
    /// Absolute path of the volume on the host (pool path + volume), what overlays record as backing file.
    public var hostPath: String
    /// The `<volume>` document created before the upload.
    public var xml: String
    public var location: SourceLocation

    public init(
        name: String, localPath: String, size: UInt64, sha256: String? = nil, format: String, pool: String,
        volume: String, hostPath: String, xml: String, location: SourceLocation
    ) {
        self.name = name
        self.localPath = localPath
        self.size = size
        self.sha256 = sha256
        self.format = format
        self.pool = pool
        self.volume = volume
        self.hostPath = hostPath
        self.xml = xml
        self.location = location
    }
}

/// A guest's own volume, created before its domain is defined.
public struct DesiredVolume: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// A new empty volume.
        case empty
        /// A qcow2 overlay whose backing file is the named image.
        case overlay(image: String)
        /// A full copy of the named image.
        case clone(image: String)
    }

    public var pool: String
    public var name: String
    /// Absolute path on the host, as the domain's disk names it.
    public var path: String
    /// Bytes.
    public var capacity: UInt64
    public var format: String
    public var source: Source
    /// The `<volume>` document to create it with.
    public var xml: String
    /// Where `capacity` was written, for "would shrink" errors.
    public var capacityLocation: SourceLocation

    public init(
        pool: String, name: String, path: String, capacity: UInt64, format: String = "qcow2", source: Source = .empty,
        xml: String, capacityLocation: SourceLocation
    ) {
        self.pool = pool
        self.name = name
        self.path = path
        self.capacity = capacity
        self.format = format
        self.source = source
        self.xml = xml
        self.capacityLocation = capacityLocation
    }
}

/// A guest's cloud-init NoCloud seed: the documents, the ISO built from them, and where it goes.
public struct DesiredSeed: Sendable, Hashable {
    public var pool: String
    /// The seed volume's name (`NAME-cidata.iso` unless declared).
    public var volume: String
    /// Absolute path on the host, as the guest's cdrom names it.
    public var path: String
    public var userData: String
    public var metaData: String
    public var networkConfig: String?
    /// `instance-id` from the meta-data (the guest's UUID unless the user sets one).
    public var instanceID: String
    /// The `cidata` ISO 9660 image, deterministic for the same documents.
    public var image: [UInt8] {
        get { imageHead + [UInt8](repeating: 0, count: imageSize - imageHead.count) }
        set {
            imageSize = newValue.count
            imageHead = Array(newValue[..<Self.endOfContent(newValue)])
        }
    }
    /// The image without its trailing zeros (the ISO's padding, most of its ~360 KiB), kept so a
    /// large cloud-init tier holds a few tens of KiB per guest until apply uploads it.
    private var imageHead: [UInt8] = []
    /// The image's length in bytes, trailing zeros included.
    public private(set) var imageSize = 0

    /// The index after the last byte that is not zero: whole 8-byte words are skipped first, so a
    /// tier of a thousand seeds costs milliseconds, not a byte-by-byte scan of each padding.
    static func endOfContent(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var end = raw.count
            while end >= 8, raw.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) == 0 { end -= 8 }
            while end > 0, raw[end - 1] == 0 { end -= 1 }
            return end
        }
    }
    /// Lowercase hex SHA-256 of `image`, recorded in the ownership mark at apply.
    public var hash: String
    /// The `<volume>` document created before the upload.
    public var xml: String
    public var location: SourceLocation

    public init(
        pool: String, volume: String, path: String, userData: String, metaData: String, networkConfig: String?,
        instanceID: String, image: [UInt8], hash: String, xml: String, location: SourceLocation
    ) {
        self.pool = pool
        self.volume = volume
        self.path = path
        self.userData = userData
        self.metaData = metaData
        self.networkConfig = networkConfig
        self.instanceID = instanceID
        self.hash = hash
        self.xml = xml
        self.location = location
        self.image = image
    }
}
