import Foundation
import VirtFleetDiagnostics

/// Loads and merges inventory files into one `Inventory`, reporting every problem found with its place.
///
/// Hosts and guests may be spread over files; a group may be declared in several files (its hosts
/// are joined); `fleet` must be declared once (or the same everywhere). A file in Ansible's
/// inventory form (INI, or YAML of groups) contributes hosts and groups (`AnsibleInventory`).
public enum InventoryLoader {
    static let topLevelKeys = [
        "fleet", "templates", "vars", "hosts", "groups", "guests", "limits", "images", "pools", "networks",
    ]

    public static func load(paths: [String]) throws -> Inventory {
        let files = try InventoryFiles.resolve(paths)
        var problems = Diagnostics()
        var parts = InventoryParts()
        for file in files {
            if AnsibleInventory.isINI(path: file) {
                guard let root = problems.capture({ try AnsibleINI.parse(try YAMLFile.text(path: file), file: file) }) else { continue }
                AnsibleInventory.read(root, file: file, into: &parts, problems: &problems)
                continue
            }
            guard let root = problems.capture({ try YAMLFile.load(path: file) }) else { continue }
            if AnsibleInventory.isAnsible(root) {
                AnsibleInventory.read(root, file: file, into: &parts, problems: &problems)
            } else {
                read(root, file: file, into: &parts, problems: &problems)
            }
        }
        if problems.isEmpty, parts.hosts.isEmpty, parts.groups.isEmpty, parts.guests.isEmpty {
            problems.report(
                "the inventory declares no hosts and no guests", at: files.first.map { .file($0) },
                hint: "add 'hosts:' and 'guests:' (see docs/inventory.md), or check the -i path")
        }
        let inventory = parts.assemble(problems: &problems)
        try problems.check()
        return inventory
    }

    static func read(_ root: ConfigNode, file: String, into parts: inout InventoryParts, problems: inout Diagnostics) {
        guard let top = problems.capture({ try MappingReader(root, context: "inventory file", allowed: topLevelKeys) })
        else { return }
        let folder = (file as NSString).deletingLastPathComponent
        problems.capture {
            if let fleet = top.node("fleet") { try parts.setFleet(fleet) }
            for dir in try top.strings("templates") {
                parts.templateDirectories.append(PathExpansion.resolve(dir, relativeTo: folder))
            }
            if !top.contains("templates") {
                parts.defaultTemplateDirectories.append((folder as NSString).appendingPathComponent("templates"))
            }
        }
        if let limits = top.node("limits") {
            problems.capture { try parts.setLimits(limits) }
        }
        if let vars = top.node("vars") {
            problems.capture { parts.vars.append(contentsOf: try VariableBlock.entries(vars, context: "vars")) }
        }
        if let hosts = top.node("hosts") {
            forEachEntry(of: hosts, what: "hosts", problems: &problems) { entry, problems in
                parts.hosts.append(try HostReader.read(entry, relativeTo: folder, problems: &problems))
            }
        }
        if let groups = top.node("groups") {
            forEachEntry(of: groups, what: "groups", problems: &problems) { entry, problems in
                parts.groups.append(try GroupReader.read(entry, problems: &problems))
            }
        }
        if let images = top.node("images") {
            forEachEntry(of: images, what: "images", problems: &problems) { entry, _ in
                parts.images.append(try ImageReader.read(entry, relativeTo: folder))
            }
        }
        if let pools = top.node("pools") {
            parts.pools.append(contentsOf: ResourceBlocks.pools(pools, scope: "fleet", problems: &problems))
        }
        if let networks = top.node("networks") {
            parts.networks.append(contentsOf: ResourceBlocks.networks(networks, scope: "fleet", problems: &problems))
        }
        if let guests = top.node("guests") {
            guard let items = guests.items else {
                problems.report(
                    "'guests' must be a list of guest declarations", at: guests.location,
                    hint: "write each guest as '- name: …'")
                return
            }
            for item in items {
                problems.capture { parts.guests.append(try GuestReader.read(item)) }
            }
        }
    }

    private static func forEachEntry(
        of node: ConfigNode, what: String, problems: inout Diagnostics,
        _ body: (ConfigEntry, inout Diagnostics) throws -> Void
    ) {
        guard let entries = node.entries else {
            problems.report("'\(what)' must be a mapping of names to settings, not \(node.kindName)", at: node.location)
            return
        }
        for entry in entries {
            var found = Diagnostics()
            do {
                try body(entry, &found)
            } catch {
                found.capture { throw error }
            }
            problems.append(contentsOf: found)
        }
    }
}
