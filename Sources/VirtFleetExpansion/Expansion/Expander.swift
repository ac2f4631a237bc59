import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Expansion: inventory + templates + variables + count + placement → one `DesiredGuest` per guest.
///
/// Pure and deterministic. Every problem found is reported, each with its `file:line:column`.
public struct Expander {
    public let inventory: Inventory
    private var library: TemplateLibrary
    private let hostScopes: [String: [ConfigEntry]]
    /// Each group's hosts sorted by name, the order placement spreads over.
    private let groupHosts: [String: [String]]
    private let cache = TemplateCache()
    /// Each host's pools and each image's local file, read once.
    private let resources: ResourceCatalog
    private let cloudInit: CloudInitRenderer

    public init(inventory: Inventory) {
        self.inventory = inventory
        self.library = TemplateLibrary(directories: inventory.templateDirectories)
        self.resources = ResourceCatalog(inventory: inventory)
        self.cloudInit = CloudInitRenderer(cache: cache, files: CloudInitFiles())
        var scopes: [String: [ConfigEntry]] = [:]
        for host in inventory.hosts {
            let groupVars = inventory.groups(containing: host.name).flatMap(\.vars)
            scopes[host.name] = groupVars + host.vars
        }
        self.hostScopes = scopes
        var sortedHosts: [String: [String]] = [:]
        for group in inventory.groups { sortedHosts[group.name] = group.hosts.sorted() }
        self.groupHosts = sortedHosts
    }

    /// Expands every guest declaration; throws a `DiagnosticList` when anything is wrong.
    public static func expand(_ inventory: Inventory) throws -> [DesiredGuest] {
        try expansion(inventory).guests
    }

    /// Expands every guest declaration, with the warnings found on the way; throws a
    /// `DiagnosticList` when anything is wrong.
    public static func expansion(_ inventory: Inventory) throws -> Expansion {
        var expander = Expander(inventory: inventory)
        var problems = Diagnostics()
        for problem in expander.resources.imageProblems { problems.report(problem) }
        var warnings = GuestWarnings()
        var guests: [DesiredGuest] = []
        for declaration in inventory.guests {
            guests.append(contentsOf: expander.expand(declaration, problems: &problems, warnings: &warnings))
        }
        FleetUniqueness.check(guests, problems: &problems, warnings: &warnings)
        MACAssignment.assign(&guests, fleet: inventory.fleet)
        // DHCP entries need the MACs, so hosts come last. When a guest failed to expand, entries
        // naming it would look unknown: those are checked only once every guest expanded.
        let hosts = HostResources.build(
            inventory, catalog: expander.resources, guests: guests, everyGuestExpanded: problems.isEmpty, problems: &problems)
        try problems.check()
        var expansion = Expansion(guests: guests, warnings: warnings)
        expansion.hosts = hosts
        return expansion
    }

    mutating func expand(
        _ declaration: GuestDeclaration, problems: inout Diagnostics, warnings: inout GuestWarnings
    ) -> [DesiredGuest] {
        guard
            let template = problems.capture({
                try library.template(named: declaration.template, at: declaration.templateLocation)
            })
        else { return [] }
        let templateVars: [ConfigEntry]
        if case .structured(_, let vars, _) = template { templateVars = vars } else { templateVars = [] }
        let count = declaration.count ?? 1
        var guests: [DesiredGuest] = []
        guests.reserveCapacity(count)
        for position in 0..<count {
            let index = declaration.start + position
            let expanded = problems.capture {
                try expandOne(
                    declaration, template: template, templateVars: templateVars, index: index,
                    position: position, count: count)
            }
            guard let (guest, found) = expanded else {
                // One bad guest of a tier usually means all are bad the same way: report it once.
                break
            }
            warnings.add(found, for: guest)
            guests.append(guest)
        }
        return guests
    }

    private func expandOne(
        _ declaration: GuestDeclaration, template: GuestTemplate, templateVars: [ConfigEntry],
        index: Int, position: Int, count: Int
    ) throws -> (DesiredGuest, [Warning]) {
        let at = declaration.location
        var nameScope = Scope(layers: [templateVars, inventory.vars, declaration.vars])
        nameScope.set("index", String(index), at: at)
        nameScope.set("count", String(count), at: at)
        nameScope.set("fleet", inventory.fleet, at: at)
        let name = try Interpolator.render(
            try declaration.name.asString("name"), at: declaration.name.location,
            quoted: declaration.name.isQuoted, exact: declaration.name.hasExactColumns,
            scope: nameScope, cache: cache)
        try Names.check(name, what: "guest", at: declaration.name.location, rule: .guest)
        let host = try placement(of: declaration, name: name, position: position)

        var scope = Scope(layers: [templateVars, inventory.vars, hostScopes[host] ?? [], declaration.vars])
        for (key, value) in [
            ("index", String(index)), ("count", String(count)), ("fleet", inventory.fleet),
            ("name", name), ("host", host),
        ] {
            scope.set(key, value, at: at)
        }
        let uuid = try guestUUID(declaration, name: name, scope: scope)
        var domain: DomainXMLElement
        var warnings: [Warning] = []
        var volumes: [DesiredVolume] = []
        var templateCloudInit: CloudInitDeclaration?
        switch template {
        case let .structured(profile, _, _):
            var merged = declaration.overrides.map { ProfileMerge.merge(profile, $0) } ?? profile
            if let block = merged["cloud_init"] {
                templateCloudInit = try CloudInitReader.read(block)
                merged.value = .mapping((merged.entries ?? []).filter { $0.key != "cloud_init" })
            }
            var decoded = try ProfileDecoder.decode(try Interpolator.render(merged, scope: scope, cache: cache), name: name)
            for (disk, request) in decoded.volumes {
                let volume = try resources.volume(request, host: host, removing: declaration.state == .absent)
                decoded.definition.devices.disks[disk].source = volume.path
                volumes.append(volume)
            }
            var definition = decoded.definition
            definition.uuid = uuid
            definition.metadata = [OwnershipMetadata(fleet: inventory.fleet, guest: name).element]
            domain = definition.xml
        case let .raw(text, file):
            if let override = declaration.overrides {
                throw Diagnostic(
                    "'override' applies to structured templates; '\(declaration.template)' is raw XML",
                    at: override.location, hint: "edit the XML template, or use variables in it")
            }
            try RawDomainDocument.checkCDATA(text, file: file)
            let interpolated = try Interpolator.render(
                text, at: .file(file), scope: scope, cache: cache,
                escape: XMLEscape.escape)
            let prepared = try RawDomainDocument.prepare(
                interpolated, template: text, file: file, guest: name, uuid: uuid, fleet: inventory.fleet)
            domain = prepared.domain
            warnings = prepared.warnings
        }
        var seed: DesiredSeed?
        if let block = declaration.cloudInit?.merged(over: templateCloudInit) ?? templateCloudInit {
            let rendered = try cloudInit.render(block, guest: name, uuid: uuid, scope: scope)
            let pool = try resources.pool(
                rendered.pool, on: host, at: rendered.poolLocation, for: "the cloud-init seed", removing: declaration.state == .absent)
            let built = try SeedBuilder.seed(rendered, poolPath: pool.path, block: block.location)
            try SeedBuilder.attach(built, target: rendered.cdromTarget, bus: rendered.cdromBus, to: &domain, at: rendered.cdromLocation)
            seed = built
        }
        var guest = DesiredGuest(
            host: host, name: name, uuid: uuid, state: declaration.state, domain: domain,
            declaration: declaration.location, template: declaration.template)
        guest.volumes = volumes
        guest.seed = seed
        guest.deleteVolumes = declaration.deleteVolumes
        return (guest, warnings)
    }

    private func placement(of declaration: GuestDeclaration, name: String, position: Int) throws -> String {
        switch declaration.placement {
        case .host(let host, _):
            return host
        case let .group(group, location, spread):
            guard
                let host = HostPlacement.host(
                    for: name, position: position, hosts: groupHosts[group] ?? [],
                    spread: spread)
            else {
                throw Diagnostic("group '\(group)' has no hosts to place guests on", at: location)
            }
            return host
        }
    }

    private func guestUUID(_ declaration: GuestDeclaration, name: String, scope: Scope) throws -> String {
        guard let node = declaration.uuid else { return Identity.uuid(fleet: inventory.fleet, guest: name) }
        let text = try Interpolator.render(
            try node.asString("uuid"), at: node.location, quoted: node.isQuoted,
            exact: node.hasExactColumns, scope: scope)
        guard let uuid = Identity.normalizeUUID(text) else {
            throw Diagnostic(
                "'\(text)' is not a valid UUID", at: node.location,
                hint: "write it as 8-4-4-4-12 hex digits, or leave it out to derive one from the fleet and name")
        }
        return uuid
    }
}
