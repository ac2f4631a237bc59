import VirtFleetDiagnostics

/// The whole fleet as declared: one or many YAML files merged, checked, with locations kept.
public struct Inventory: Sendable {
    /// Scopes ownership on the hypervisors and seeds deterministic UUIDs and MACs.
    public var fleet: String
    public var fleetLocation: SourceLocation?
    /// Fleet-wide variables: the lowest precedence after template defaults.
    public var vars: [ConfigEntry]
    public var hosts: [HypervisorHost] { didSet { hostIndex = Self.index(hosts.map(\.name)) } }
    public var groups: [HostGroup] { didSet { indexGroups() } }
    public var guests: [GuestDeclaration]
    /// Folders searched, in order, for `templates/NAME.yaml` and `NAME.xml`.
    public var templateDirectories: [String]
    /// The fleet-wide guest cap (`limits: { guests: N }`), checked when loading.
    public var guestLimit: Int = InputLimits.defaultGuests
    /// Fleet-level `images:`, by name order.
    public var images: [ImageDeclaration] = [] { didSet { imageIndex = Self.index(images.map(\.name)) } }
    /// Fleet-level `pools:` (every host has them unless a group or the host declares the name).
    public var pools: [PoolDeclaration] = []
    /// Fleet-level `networks:`.
    public var networks: [NetworkDeclaration] = []

    // Lookups by name, so loading, expansion and --limit stay linear in the size of the fleet.
    private var hostIndex: [String: Int] = [:]
    private var groupIndex: [String: Int] = [:]
    private var imageIndex: [String: Int] = [:]
    /// For each host, the positions in `groups` of the groups that list it, in name order.
    private var groupsOfHost: [String: [Int]] = [:]

    public init(
        fleet: String, fleetLocation: SourceLocation? = nil, vars: [ConfigEntry] = [], hosts: [HypervisorHost] = [],
        groups: [HostGroup] = [], guests: [GuestDeclaration] = [], templateDirectories: [String] = []
    ) {
        self.fleet = fleet
        self.fleetLocation = fleetLocation
        self.vars = vars
        self.hosts = hosts
        self.groups = groups
        self.guests = guests
        self.templateDirectories = templateDirectories
        hostIndex = Self.index(hosts.map(\.name))
        indexGroups()
    }

    public func host(named name: String) -> HypervisorHost? { hostIndex[name].map { hosts[$0] } }
    public func group(named name: String) -> HostGroup? { groupIndex[name].map { groups[$0] } }
    public func image(named name: String) -> ImageDeclaration? { imageIndex[name].map { images[$0] } }

    /// The pools `host` has, by name: its own declaration, else its groups' (in name order; loading
    /// refuses groups that declare one name differently), else the fleet's.
    public func pools(on host: String) -> [PoolDeclaration] {
        Self.resolve(
            host: self.host(named: host)?.pools ?? [], groups: groups(containing: host).map(\.pools), fleet: pools, name: \.name)
    }

    /// The networks `host` has, by name, with the same precedence as `pools(on:)`.
    public func networks(on host: String) -> [NetworkDeclaration] {
        Self.resolve(
            host: self.host(named: host)?.networks ?? [], groups: groups(containing: host).map(\.networks), fleet: networks,
            name: \.name)
    }

    static func resolve<T>(host: [T], groups: [[T]], fleet: [T], name: (T) -> String) -> [T] {
        var chosen: [String: T] = [:]
        for declaration in fleet { chosen[name(declaration)] = declaration }
        var fromGroups: [String: T] = [:]
        for group in groups {
            for declaration in group where fromGroups[name(declaration)] == nil { fromGroups[name(declaration)] = declaration }
        }
        chosen.merge(fromGroups) { _, group in group }
        for declaration in host { chosen[name(declaration)] = declaration }
        return chosen.keys.sorted().compactMap { chosen[$0] }
    }

    /// Groups a host belongs to, in name order (which is also their variable precedence order).
    public func groups(containing host: String) -> [HostGroup] {
        (groupsOfHost[host] ?? []).map { groups[$0] }
    }

    /// The first position of each name, as a linear search would find it.
    private static func index(_ names: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(names.count)
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        return index
    }

    private mutating func indexGroups() {
        groupIndex = Self.index(groups.map(\.name))
        var byHost: [String: [Int]] = [:]
        for position in groups.indices.sorted(by: { groups[$0].name < groups[$1].name }) {
            for host in Set(groups[position].hosts) { byHost[host, default: []].append(position) }
        }
        groupsOfHost = byHost
    }
}

/// A hypervisor and how to reach it (not `Host`: Foundation has one).
public struct HypervisorHost: Sendable {
    public var name: String
    public var location: SourceLocation
    public var access: HostAccess
    public var vars: [ConfigEntry]
    /// `pools:` declared for this host only.
    public var pools: [PoolDeclaration] = []
    /// `networks:` declared for this host only.
    public var networks: [NetworkDeclaration] = []

    public init(name: String, location: SourceLocation, access: HostAccess, vars: [ConfigEntry] = []) {
        self.name = name
        self.location = location
        self.access = access
        self.vars = vars
    }

    public init(
        name: String, location: SourceLocation, address: String? = nil, port: Int? = nil, user: String? = nil,
        identityFile: String? = nil, knownHosts: String? = nil, sshConfig: String? = nil,
        proxyJump: String? = nil, hostKeyChecking: HostKeyChecking = .strict,
        uri: String = "qemu:///system", libvirtProxy: String? = nil, vars: [ConfigEntry] = []
    ) {
        self.init(
            name: name, location: location,
            access: HostAccess(
                address: address ?? name, port: port, user: user, identityFile: identityFile,
                knownHosts: knownHosts, sshConfig: sshConfig, proxyJump: proxyJump,
                hostKeyChecking: hostKeyChecking, uri: uri, libvirtProxy: libvirtProxy),
            vars: vars)
    }
}

/// How to reach one hypervisor: SSH settings and the libvirt URI. Saved as it is in a plan file,
/// so `apply FILE` reaches the same hosts without the inventory.
public struct HostAccess: Codable, Sendable, Hashable {
    /// Address or `~/.ssh/config` alias.
    public var address: String
    public var port: Int?
    public var user: String?
    public var identityFile: String?
    public var knownHosts: String?
    public var sshConfig: String?
    public var proxyJump: String?
    public var hostKeyChecking: HostKeyChecking
    /// libvirt connection URI on the host, as `virt-ssh-helper` takes it.
    public var uri: String
    /// Remote command that bridges the SSH channel to libvirtd; nil means `virt-ssh-helper URI`.
    /// Older hosts: `nc -U /var/run/libvirt/libvirt-sock`.
    public var libvirtProxy: String?

    public init(
        address: String, port: Int? = nil, user: String? = nil, identityFile: String? = nil,
        knownHosts: String? = nil, sshConfig: String? = nil, proxyJump: String? = nil,
        hostKeyChecking: HostKeyChecking = .strict, uri: String = "qemu:///system", libvirtProxy: String? = nil
    ) {
        self.address = address
        self.port = port
        self.user = user
        self.identityFile = identityFile
        self.knownHosts = knownHosts
        self.sshConfig = sshConfig
        self.proxyJump = proxyJump
        self.hostKeyChecking = hostKeyChecking
        self.uri = uri
        self.libvirtProxy = libvirtProxy
    }
}

/// OpenSSH's `StrictHostKeyChecking` choices that virtfleet honours; there is no "off".
public enum HostKeyChecking: String, CaseIterable, Sendable, Codable {
    case strict
    case acceptNew = "accept-new"
}

public struct HostGroup: Sendable {
    public var name: String
    public var location: SourceLocation
    public var hosts: [String]
    /// Where each of `hosts` was named, for "unknown host" errors.
    public var hostLocations: [SourceLocation]
    public var vars: [ConfigEntry]
    /// `pools:` for every host of the group.
    public var pools: [PoolDeclaration] = []
    /// `networks:` for every host of the group.
    public var networks: [NetworkDeclaration] = []

    public init(
        name: String, location: SourceLocation, hosts: [String], hostLocations: [SourceLocation] = [],
        vars: [ConfigEntry] = []
    ) {
        self.name = name
        self.location = location
        self.hosts = hosts
        self.hostLocations = hostLocations
        self.vars = vars
    }
}
