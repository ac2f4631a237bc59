import VirtFleetDiagnostics

/// Declared state of a pool or a network (`state:`).
public enum DeclaredResourceState: String, CaseIterable, Sendable, Hashable {
    /// Defined (persistent) but not started.
    case defined
    /// Defined and started.
    case active
    /// Removed: a pool only when empty, a network only when no running guest uses it.
    case absent
}

/// One `pools:` entry, at fleet, group or host level.
public struct PoolDeclaration: Sendable {
    public var name: String
    /// Where the name was written.
    public var location: SourceLocation
    /// libvirt's pool type; only `dir` is accepted.
    public var type: String
    /// The absolute target path on the host, without a trailing `/`.
    public var path: String
    public var state: DeclaredResourceState
    public var autostart: Bool
    /// Where it was declared, for conflicts: `fleet`, `group 'web'` or `host 'kvm01'`.
    public var scope: String

    public init(
        name: String, location: SourceLocation, type: String = "dir", path: String, state: DeclaredResourceState = .active,
        autostart: Bool = true, scope: String = "fleet"
    ) {
        self.name = name
        self.location = location
        self.type = type
        self.path = path
        self.state = state
        self.autostart = autostart
        self.scope = scope
    }

    /// Same declaration apart from where it was written: two such merge.
    public func sameSettings(as other: PoolDeclaration) -> Bool {
        (type, path, state, autostart) == (other.type, other.path, other.state, other.autostart)
    }
}

/// A virtual network's forward mode (`mode:`).
public enum NetworkMode: String, CaseIterable, Sendable, Hashable {
    /// No `<forward>`: guests reach each other and the host only.
    case isolated
    case nat
    /// `<forward mode='bridge'>` onto an existing host bridge.
    case bridge
}

/// One `networks:` entry, at fleet, group or host level.
public struct NetworkDeclaration: Sendable {
    /// One `dhcp.hosts` entry: a guest (by name) and its fixed address.
    public struct StaticHost: Sendable, Hashable {
        public var guest: String
        public var guestLocation: SourceLocation
        public var ip: IPv4Address
        public var ipLocation: SourceLocation

        public init(guest: String, guestLocation: SourceLocation, ip: IPv4Address, ipLocation: SourceLocation) {
            self.guest = guest
            self.guestLocation = guestLocation
            self.ip = ip
            self.ipLocation = ipLocation
        }

        public static func == (a: StaticHost, b: StaticHost) -> Bool { (a.guest, a.ip) == (b.guest, b.ip) }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(guest)
            hasher.combine(ip)
        }
    }

    public var name: String
    public var location: SourceLocation
    public var mode: NetworkMode
    /// The bridge libvirt creates (isolated, nat) or the existing host bridge (bridge).
    public var bridge: String?
    /// The host's address on the network and the prefix length; never with mode bridge.
    public var ip: IPv4Interface?
    /// `dhcp.range`: first and last address handed out.
    public var dhcpRange: (start: IPv4Address, end: IPv4Address)?
    public var dhcpHosts: [StaticHost]
    public var state: DeclaredResourceState
    public var autostart: Bool
    /// `fleet`, `group 'web'` or `host 'kvm01'`.
    public var scope: String

    public init(
        name: String, location: SourceLocation, mode: NetworkMode = .isolated, bridge: String? = nil, ip: IPv4Interface? = nil,
        dhcpRange: (start: IPv4Address, end: IPv4Address)? = nil, dhcpHosts: [StaticHost] = [],
        state: DeclaredResourceState = .active, autostart: Bool = true, scope: String = "fleet"
    ) {
        self.name = name
        self.location = location
        self.mode = mode
        self.bridge = bridge
        self.ip = ip
        self.dhcpRange = dhcpRange
        self.dhcpHosts = dhcpHosts
        self.state = state
        self.autostart = autostart
        self.scope = scope
    }

    /// Same declaration apart from where it was written: two such merge.
    public func sameSettings(as other: NetworkDeclaration) -> Bool {
        mode == other.mode && bridge == other.bridge && ip == other.ip && dhcpRange?.start == other.dhcpRange?.start
            && dhcpRange?.end == other.dhcpRange?.end && dhcpHosts == other.dhcpHosts && state == other.state
            && autostart == other.autostart
    }
}

/// A volume or image format virtfleet writes.
public enum VolumeFormat: String, CaseIterable, Sendable, Hashable {
    case qcow2
    case raw
}

/// One fleet-level `images:` entry: a local file uploaded into a pool on each host that needs it.
public struct ImageDeclaration: Sendable {
    public var name: String
    public var location: SourceLocation
    /// Absolute local path (relative ones are resolved against the declaring file's folder).
    public var path: String
    public var pathLocation: SourceLocation
    /// Lower-case hex SHA-256, when declared.
    public var sha256: String?
    public var format: VolumeFormat
    public var formatLocation: SourceLocation?
    public var pool: String
    public var poolLocation: SourceLocation
    /// The volume name in `pool` (declared, or `NAME.FORMAT`, or `NAME-<12 hex>.FORMAT` with sha256).
    public var volume: String
    public var volumeLocation: SourceLocation

    public init(
        name: String, location: SourceLocation, path: String, pathLocation: SourceLocation, sha256: String? = nil,
        format: VolumeFormat = .qcow2, formatLocation: SourceLocation? = nil, pool: String, poolLocation: SourceLocation,
        volume: String, volumeLocation: SourceLocation
    ) {
        self.name = name
        self.location = location
        self.path = path
        self.pathLocation = pathLocation
        self.sha256 = sha256
        self.format = format
        self.formatLocation = formatLocation
        self.pool = pool
        self.poolLocation = poolLocation
        self.volume = volume
        self.volumeLocation = volumeLocation
    }
}
