import VirtFleetDiagnostics

/// The whole fleet as declared: one or many YAML files merged, checked, with locations kept.
public struct Inventory: Sendable {
    /// Scopes ownership on the hypervisors and seeds deterministic UUIDs and MACs.
    public var fleet: String
    public var fleetLocation: SourceLocation?
    /// Fleet-wide variables: the lowest precedence after template defaults.
    public var vars: [ConfigEntry]
    public var hosts: [HypervisorHost]
    public var groups: [HostGroup]
    public var guests: [GuestDeclaration]
    /// Folders searched, in order, for `templates/NAME.yaml` and `NAME.xml`.
    public var templateDirectories: [String]

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
    }

    public func host(named name: String) -> HypervisorHost? { hosts.first { $0.name == name } }
    public func group(named name: String) -> HostGroup? { groups.first { $0.name == name } }

    /// Groups a host belongs to, in name order (which is also their variable precedence order).
    public func groups(containing host: String) -> [HostGroup] {
        groups.filter { $0.hosts.contains(host) }.sorted { $0.name < $1.name }
    }
}

/// A hypervisor and how to reach it (not `Host`: Foundation has one).
public struct HypervisorHost: Sendable {
    public var name: String
    public var location: SourceLocation
    public var access: HostAccess
    public var vars: [ConfigEntry]

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
