import VirtFleetCloudInit
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// After every guest is expanded and has its MACs: what each host needs besides its guests
/// (`DesiredHost`), and the checks that span guests: DHCP host entries (their guest exists, is on
/// a host the network is declared for, and has an interface on it; no two on one network get one
/// name), one volume name once per pool and host, and no guest on a network declared absent.
enum HostResources {
    static func build(
        _ inventory: Inventory, catalog: ResourceCatalog, guests: [DesiredGuest], everyGuestExpanded: Bool = true,
        problems: inout Diagnostics
    ) -> [DesiredHost] {
        // Without a pool or network anywhere there is no volume, seed or image either (each
        // needs a declared pool): nothing to build, and nothing for large plain fleets to pay.
        let declared =
            !inventory.pools.isEmpty || !inventory.networks.isEmpty
            || inventory.hosts.contains { !$0.pools.isEmpty || !$0.networks.isEmpty }
            || inventory.groups.contains { !$0.pools.isEmpty || !$0.networks.isEmpty }
        guard declared else { return [] }
        var guestsByHost: [String: [String: DesiredGuest]] = [:]
        for guest in guests { guestsByHost[guest.host, default: [:]][guest.name] = guest }
        var dhcp = DHCPResolution(allGuests: Set(guests.map(\.name)))
        var hosts: [DesiredHost] = []
        for host in inventory.hosts {
            let onHost = guestsByHost[host.name] ?? [:]
            let present = onHost.values.filter { $0.state != .absent }.sorted { $0.name < $1.name }
            var desired = DesiredHost(host: host.name)
            desired.pools = inventory.pools(on: host.name).map { pool in
                DesiredPool(
                    name: pool.name, type: pool.type, path: pool.path, state: ResourceState(pool.state), autostart: pool.autostart,
                    xml: ResourceXML.pool(name: pool.name, type: pool.type, path: pool.path), location: pool.location)
            }
            let networks = inventory.networks(on: host.name)
            desired.networks = networks.map { network in
                let entries = dhcp.entries(for: network, host: host.name, guests: onHost, problems: &problems)
                return DesiredNetwork(
                    name: network.name, mode: DesiredNetwork.Mode(network.mode), bridge: network.bridge,
                    state: ResourceState(network.state), autostart: network.autostart, dhcpHosts: entries,
                    xml: ResourceXML.network(network, dhcpHosts: entries), location: network.location)
            }
            checkAbsentNetworks(networks, host: host.name, guests: present, problems: &problems)
            checkSharedPlaces(desired, problems: &problems)
            desired.images = images(for: present, host: host.name, catalog: catalog, problems: &problems)
            checkVolumeNames(desired.images, guests: present, host: host.name, problems: &problems)
            if !desired.pools.isEmpty || !desired.networks.isEmpty || !desired.images.isEmpty { hosts.append(desired) }
        }
        if everyGuestExpanded { dhcp.reportUnplaced(inventory: inventory, problems: &problems) }
        return hosts
    }

    /// The images the guests on a host make volumes from, each once, by name.
    private static func images(
        for guests: [DesiredGuest], host: String, catalog: ResourceCatalog, problems: inout Diagnostics
    ) -> [DesiredImage] {
        var names = Set<String>()
        for guest in guests {
            for volume in guest.volumes {
                switch volume.source {
                case .overlay(let image), .clone(let image): names.insert(image)
                case .empty: break
                }
            }
        }
        return names.sorted().compactMap { name in
            guard let image = catalog.inventory.image(named: name), case .success(let local) = catalog.images[name] else { return nil }
            return problems.capture {
                let pool = try catalog.pool(image.pool, on: host, at: image.poolLocation, for: "image '\(name)'")
                return DesiredImage(
                    name: name, localPath: image.path, size: local.size, sha256: image.sha256, format: image.format.rawValue,
                    pool: pool.name, volume: image.volume, hostPath: pool.path + "/" + image.volume,
                    xml: ResourceXML.volume(name: image.volume, capacity: local.size, format: image.format.rawValue),
                    location: image.location)
            }
        }
    }

    /// One volume name once per pool on a host: images, guest volumes and seeds together.
    private static func checkVolumeNames(_ images: [DesiredImage], guests: [DesiredGuest], host: String, problems: inout Diagnostics) {
        var owners: [String: String] = [:]
        func claim(pool: String, name: String, by owner: String, at location: SourceLocation) {
            let key = pool + "/" + name
            if let first = owners[key] {
                problems.report(
                    "volume '\(name)' in pool '\(pool)' on host '\(host)' is made for \(owner) and for \(first)", at: location,
                    hint: "give each volume its own name, for example with '{{ name }}' in it")
            } else {
                owners[key] = owner
            }
        }
        for image in images { claim(pool: image.pool, name: image.volume, by: "image '\(image.name)'", at: image.location) }
        for guest in guests {
            for volume in guest.volumes {
                claim(pool: volume.pool, name: volume.name, by: "guest '\(guest.name)'", at: volume.capacityLocation)
            }
            if let seed = guest.seed {
                claim(pool: seed.pool, name: seed.volume, by: "guest '\(guest.name)' (its seed)", at: seed.location)
            }
        }
    }

    /// A guest that should exist may not use a network its host declares absent, and a guest
    /// declared running not one declared `defined` (libvirt starts no guest on a stopped network).
    private static func checkAbsentNetworks(
        _ networks: [NetworkDeclaration], host: String, guests: [DesiredGuest], problems: inout Diagnostics
    ) {
        let absent = Set(networks.filter { $0.state == .absent }.map(\.name))
        let stopped = Set(networks.filter { $0.state == .defined }.map(\.name))
        guard !absent.isEmpty || !stopped.isEmpty else { return }
        for guest in guests {
            for name in networkNames(of: guest) {
                if absent.contains(name) {
                    problems.report(
                        "guest '\(guest.name)' uses network '\(name)', which is declared absent for host '\(host)'", at: guest.declaration,
                        hint: "keep the network, or move the guest's interface to another one")
                } else if stopped.contains(name), guest.state == .running {
                    problems.report(
                        "guest '\(guest.name)' is declared running on network '\(name)', which is declared 'state: defined' (not started) for host '\(host)'",
                        at: guest.declaration, hint: "declare the network active (the default), or the guest stopped")
                }
            }
        }
    }

    /// libvirt refuses two pools on one folder and two networks that create one bridge. (Said once
    /// for all the hosts a fleet- or group-level declaration gives them to.)
    private static func checkSharedPlaces(_ desired: DesiredHost, problems: inout Diagnostics) {
        var folders: [String: DesiredPool] = [:]
        for pool in desired.pools where pool.state != .absent {
            if let first = folders[pool.path] {
                problems.report(
                    "pools '\(first.name)' and '\(pool.name)' both have the folder \(pool.path)", at: pool.location,
                    hint: "give each pool a folder of its own (libvirt refuses a second pool on one folder)")
            } else {
                folders[pool.path] = pool
            }
        }
        var bridges: [String: DesiredNetwork] = [:]
        for network in desired.networks where network.state != .absent && network.mode != .bridge {
            guard let bridge = network.bridge else { continue }
            if let first = bridges[bridge] {
                problems.report(
                    "networks '\(first.name)' and '\(network.name)' both create the bridge \(bridge)",
                    at: network.location, hint: "give each network a bridge name of its own, or leave 'bridge' out to let libvirt pick")
            } else {
                bridges[bridge] = network
            }
        }
    }

    static func networkNames(of guest: DesiredGuest) -> [String] {
        interfaces(of: guest).compactMap { $0.first("source")?[attribute: "network"] }
    }

    static func interfaces(of guest: DesiredGuest) -> [DomainXMLElement] {
        (guest.domain.first("devices")?.elements(named: "interface") ?? []).filter { $0[attribute: "type"] == "network" }
    }
}

/// Static DHCP entries resolved per host: a guest's MAC on the network, and the entries whose
/// guest is on none of the hosts the declaration reaches.
struct DHCPResolution {
    let allGuests: Set<String>
    /// Per declaration (by place) and entry guest: whether some host placed it.
    private var placed: [SourceLocation: [String: Bool]] = [:]
    private var declarations: [SourceLocation: (network: NetworkDeclaration, hosts: [String])] = [:]
    /// Network name and guest of every entry some host placed, whichever declaration gave it: two
    /// groups declaring one network the same way share it (a host gets one group's copy).
    private var placedByName: Set<[String]> = []

    init(allGuests: Set<String>) {
        self.allGuests = allGuests
    }

    mutating func entries(
        for network: NetworkDeclaration, host: String, guests: [String: DesiredGuest], problems: inout Diagnostics
    ) -> [DHCPHost] {
        declarations[network.location, default: (network, [])].hosts.append(host)
        var result: [DHCPHost] = []
        /// The guest that has each DHCP name on this network, by the name in lower case (host
        /// names are not case-sensitive).
        var named: [String: String] = [:]
        for entry in network.dhcpHosts {
            guard let guest = guests[entry.guest] else {
                if placed[network.location]?[entry.guest] == nil { placed[network.location, default: [:]][entry.guest] = false }
                continue
            }
            placed[network.location, default: [:]][entry.guest] = true
            placedByName.insert([network.name, entry.guest])
            guard guest.state != .absent else { continue }
            let interface = HostResources.interfaces(of: guest).first { $0.first("source")?[attribute: "network"] == network.name }
            guard let mac = interface?.first("mac")?[attribute: "address"] else {
                problems.report(
                    "dhcp host '\(entry.guest)' has no interface on network '\(network.name)'", at: entry.guestLocation,
                    hint: "give the guest an interface with type: network, source: \(network.name)")
                continue
            }
            let name = Self.dhcpName(forGuest: guest.name)
            if !name.isEmpty {
                if let first = named[name.lowercased()] {
                    problems.report(
                        "dhcp hosts '\(first)' and '\(guest.name)' on network '\(network.name)' of host '\(host)' both get the name '\(name)'",
                        at: entry.guestLocation,
                        hint:
                            "rename one of the guests: a DHCP host name keeps letters, digits and '-' and turns every other character into '-'"
                    )
                    continue
                }
                named[name.lowercased()] = guest.name
            }
            result.append(DHCPHost(mac: mac, name: name, ip: entry.ip.description))
        }
        return result
    }

    /// The `name` of a DHCP host entry: the guest's default host name, or none (empty) when that
    /// does not start with a letter, which libvirt requires.
    static func dhcpName(forGuest guest: String) -> String {
        guard let name = NoCloudSeed.localHostname(forGuest: guest), name.first?.isLetter == true else { return "" }
        return name
    }

    /// Entries whose guest no host of the declaration has: unknown guests, or guests elsewhere.
    /// "Did you mean" is worked out for the first few unknown names only, so ten thousand typos
    /// cost linear time.
    func reportUnplaced(inventory: Inventory, problems: inout Diagnostics) {
        let known = allGuests.sorted()
        var suggestions = 0
        for (location, guests) in placed.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            guard let (network, hosts) = declarations[location] else { continue }
            for entry in network.dhcpHosts where guests[entry.guest] == false && !placedByName.contains([network.name, entry.guest]) {
                if allGuests.contains(entry.guest) {
                    problems.report(
                        "dhcp host '\(entry.guest)' is not on a host network '\(network.name)' of \(network.scope) is declared for ("
                            + hosts.sorted().joined(separator: ", ") + ")",
                        at: entry.guestLocation, hint: "declare the network for the guest's host too, or remove the entry")
                } else {
                    suggestions += 1
                    let suggestion = suggestions <= 10 ? Suggestion.closest(to: entry.guest, in: known) : nil
                    problems.report(
                        "dhcp host '\(entry.guest)' is not a guest of this fleet", at: entry.guestLocation,
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "name a guest as it is expanded, such as web-01")
                }
            }
        }
    }
}

extension ResourceState {
    init(_ state: DeclaredResourceState) {
        switch state {
        case .defined: self = .defined
        case .active: self = .active
        case .absent: self = .absent
        }
    }
}

extension DesiredNetwork.Mode {
    init(_ mode: NetworkMode) {
        switch mode {
        case .isolated: self = .isolated
        case .nat: self = .nat
        case .bridge: self = .bridge
        }
    }
}
