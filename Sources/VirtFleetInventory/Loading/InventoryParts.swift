import Foundation
import VirtFleetDiagnostics

/// What the files declared, before the cross-file checks that make it an `Inventory`.
struct InventoryParts {
    var fleet: (String, SourceLocation)?
    var vars: [ConfigEntry] = []
    var hosts: [HypervisorHost] = []
    var groups: [HostGroup] = []
    var guests: [GuestDeclaration] = []
    var templateDirectories: [String] = []
    var defaultTemplateDirectories: [String] = []
    var images: [ImageDeclaration] = []
    var pools: [PoolDeclaration] = []
    var networks: [NetworkDeclaration] = []
    /// `limits: { guests: N }` and where it was set.
    var guestLimit: (Int, SourceLocation)?

    mutating func setLimits(_ node: ConfigNode) throws {
        let reader = try MappingReader(node, context: "limits", allowed: ["guests"])
        guard let guests = reader.node("guests") else { return }
        let value = try guests.asInt("guests", range: 0...InputLimits.maximumGuests)
        if let (_, location) = guestLimit {
            throw Diagnostic(
                "'limits.guests' is already set at \(location)", at: guests.location,
                hint: "set it in one inventory file only")
        }
        guestLimit = (value, guests.location)
    }

    mutating func setFleet(_ node: ConfigNode) throws {
        let name = try node.asString("fleet")
        try Names.check(name, what: "fleet", at: node.location)
        if let (existing, location) = fleet, existing != name {
            throw Diagnostic(
                "fleet is '\(name)' here but '\(existing)' at \(location)", at: node.location,
                hint: "all inventory files of one run must belong to one fleet")
        }
        fleet = (name, node.location)
    }

    func assemble(problems: inout Diagnostics) -> Inventory {
        if fleet == nil, !(hosts.isEmpty && guests.isEmpty && groups.isEmpty) {
            problems.report(
                "no 'fleet' id is declared in any inventory file",
                at: guests.first?.location ?? hosts.first?.location ?? groups.first?.location,
                hint: "add 'fleet: NAME' to one file; it scopes ownership and seeds UUIDs")
        }
        var inventory = Inventory(fleet: fleet?.0 ?? "", fleetLocation: fleet?.1)
        inventory.vars = uniqueVariables(vars, problems: &problems)
        inventory.hosts = uniqueHosts(problems: &problems)
        inventory.groups = mergedGroups(knownHosts: Set(inventory.hosts.map(\.name)), problems: &problems)
        inventory.guests = guests
        inventory.guestLimit = guestLimit?.0 ?? InputLimits.defaultGuests
        checkGuestLimit(inventory.guestLimit, problems: &problems)
        let directories = templateDirectories.isEmpty ? defaultTemplateDirectories + ["templates"] : templateDirectories
        var seen = Set<String>()
        inventory.templateDirectories = directories.filter {
            seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted
        }
        inventory.images = uniqueImages(problems: &problems)
        inventory.pools = ResourceScopes.merged(pools, what: "pool", same: { $0.sameSettings(as: $1) }, problems: &problems)
        inventory.networks = ResourceScopes.merged(
            networks, what: "network", same: { $0.sameSettings(as: $1) }, problems: &problems)
        ResourceScopes.checkGroups(inventory, problems: &problems)
        checkPlacements(inventory, problems: &problems)
        return inventory
    }

    /// The fleet-wide cap, reported at the `count` (or declaration) that crosses it.
    private func checkGuestLimit(_ limit: Int, problems: inout Diagnostics) {
        var total = 0
        for guest in guests {
            total += guest.count ?? 1
            guard total > limit else { continue }
            let how =
                guestLimit.map { "raise 'limits.guests' (set at \($0.1))" }
                ?? "add 'limits: { guests: N }' at the top level of one inventory file to allow more"
            problems.report(
                "this declaration brings the fleet to \(total) guests, more than the \(limit) allowed",
                at: guest.countLocation ?? guest.location, hint: how)
            return
        }
    }

    private func uniqueVariables(_ entries: [ConfigEntry], problems: inout Diagnostics) -> [ConfigEntry] {
        var seen: [String: SourceLocation] = [:]
        for entry in entries {
            if let first = seen[entry.key] {
                problems.report("variable '\(entry.key)' is already set at \(first)", at: entry.keyLocation)
            }
            seen[entry.key] = entry.keyLocation
        }
        return entries
    }

    private func uniqueImages(problems: inout Diagnostics) -> [ImageDeclaration] {
        var seen: [String: SourceLocation] = [:]
        var result: [ImageDeclaration] = []
        for image in images {
            if let first = seen[image.name] {
                problems.report(
                    "image '\(image.name)' is already declared at \(first)", at: image.location, hint: "declare each image once")
                continue
            }
            seen[image.name] = image.location
            result.append(image)
        }
        return result.sorted { $0.name < $1.name }
    }

    private func uniqueHosts(problems: inout Diagnostics) -> [HypervisorHost] {
        var seen: [String: SourceLocation] = [:]
        var result: [HypervisorHost] = []
        for host in hosts {
            if let first = seen[host.name] {
                problems.report("host '\(host.name)' is already declared at \(first)", at: host.location)
                continue
            }
            seen[host.name] = host.location
            result.append(host)
        }
        return result.sorted { $0.name < $1.name }
    }

    private func mergedGroups(knownHosts: Set<String>, problems: inout Diagnostics) -> [HostGroup] {
        var merged: [String: HostGroup] = [:]
        for group in groups {
            if knownHosts.contains(group.name) {
                problems.report(
                    "group '\(group.name)' has the same name as a host", at: group.location,
                    hint: "--limit and placement would be ambiguous; rename one of them")
            }
            for (host, location) in zip(group.hosts, group.hostLocations) where !knownHosts.contains(host) {
                problems.report(
                    "group '\(group.name)' names unknown host '\(host)'", at: location,
                    hint: Suggestion.hint(for: host, in: knownHosts.sorted()))
            }
            var unique = Set<String>()
            for (host, location) in zip(group.hosts, group.hostLocations) where !unique.insert(host).inserted {
                problems.report("group '\(group.name)' lists host '\(host)' twice", at: location)
            }
            if var existing = merged[group.name] {
                for (host, location) in zip(group.hosts, group.hostLocations) where !existing.hosts.contains(host) {
                    existing.hosts.append(host)
                    existing.hostLocations.append(location)
                }
                let names = Set(existing.vars.map(\.key))
                for entry in group.vars where names.contains(entry.key) {
                    problems.report(
                        "variable '\(entry.key)' of group '\(group.name)' is set in two files",
                        at: entry.keyLocation)
                }
                existing.vars.append(contentsOf: group.vars)
                existing.pools.append(contentsOf: group.pools)
                existing.networks.append(contentsOf: group.networks)
                merged[group.name] = existing
            } else {
                merged[group.name] = group
            }
        }
        return merged.values.sorted { $0.name < $1.name }.map { group in
            var group = group
            group.pools = ResourceScopes.merged(group.pools, what: "pool", same: { $0.sameSettings(as: $1) }, problems: &problems)
            group.networks = ResourceScopes.merged(
                group.networks, what: "network", same: { $0.sameSettings(as: $1) }, problems: &problems)
            return group
        }
    }

    private func checkPlacements(_ inventory: Inventory, problems: inout Diagnostics) {
        for guest in inventory.guests {
            switch guest.placement {
            case let .host(name, location) where inventory.host(named: name) == nil:
                problems.report(
                    "guest is placed on unknown host '\(name)'", at: location,
                    hint: Suggestion.hint(for: name, in: inventory.hosts.map(\.name)))
            case let .group(name, location, _):
                guard let group = inventory.group(named: name) else {
                    problems.report(
                        "guest is placed on unknown group '\(name)'", at: location,
                        hint: Suggestion.hint(for: name, in: inventory.groups.map(\.name)))
                    continue
                }
                if group.hosts.isEmpty, (guest.count ?? 1) > 0 {
                    problems.report("group '\(name)' has no hosts to place guests on", at: location)
                }
            default:
                break
            }
        }
    }
}
