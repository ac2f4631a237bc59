import Foundation
import VirtFleetDiagnostics

/// An existing Ansible inventory (INI or YAML form, with `host_vars/` and `group_vars/` beside it)
/// read as hypervisor hosts and groups, so operators keep one list of hypervisors. See
/// docs/ansible.md for the variables that map to virtfleet's host settings.
enum AnsibleInventory {
    /// True when a YAML document has Ansible's shape: every top-level value is a group (a mapping
    /// of `hosts`, `children`, `vars`, or empty) and no top-level key is one of virtfleet's.
    static func isAnsible(_ root: ConfigNode) -> Bool {
        guard let entries = root.entries, !entries.isEmpty else { return false }
        return entries.allSatisfy { entry in
            guard !InventoryLoader.topLevelKeys.contains(entry.key) else { return false }
            if entry.value.isNull { return true }
            guard let keys = entry.value.entries?.map(\.key) else { return false }
            return keys.allSatisfy(["hosts", "children", "vars"].contains)
        }
    }

    /// A file given with `-i` that is not YAML by name is read as Ansible's INI form.
    static func isINI(path: String) -> Bool {
        !(path.hasSuffix(".yaml") || path.hasSuffix(".yml"))
    }

    /// Adds the inventory's hosts and groups (other than `all` and `ungrouped`) to `parts`.
    static func read(_ root: ConfigNode, file: String, into parts: inout InventoryParts, problems: inout Diagnostics) {
        var tree = Tree()
        problems.capture {
            for entry in root.entries ?? [] { try tree.readGroup(entry) }
        }
        let folder = (file as NSString).deletingLastPathComponent
        problems.capture { try tree.readVariableFolders(folder) }
        let membership = tree.membership()
        let depth = tree.depths()
        for name in tree.hostOrder {
            problems.capture { parts.hosts.append(try tree.host(name, groups: membership[name] ?? [], depth: depth)) }
        }
        for name in tree.groupOrder where name != "all" && name != "ungrouped" {
            let members = tree.members(of: name)
            guard !members.isEmpty, let location = tree.groups[name]?.location else { continue }
            parts.groups.append(
                HostGroup(
                    name: name, location: location, hosts: members.map(\.name), hostLocations: members.map(\.location)))
        }
    }

    /// The groups and hosts as Ansible defines them, before mapping to virtfleet.
    struct Tree {
        struct Group {
            var location: SourceLocation
            var hosts: [String] = []
            var children: [String] = []
            var vars: [ConfigEntry] = []
        }

        var groups: [String: Group] = [:]
        var groupOrder: [String] = []
        var hostLocations: [String: SourceLocation] = [:]
        var hostVars: [String: [ConfigEntry]] = [:]
        var hostOrder: [String] = []

        mutating func readGroup(_ entry: ConfigEntry) throws {
            try Names.check(entry.key, what: "Ansible group", at: entry.keyLocation)
            if groups[entry.key] == nil {
                groups[entry.key] = Group(location: entry.keyLocation)
                groupOrder.append(entry.key)
            }
            guard !entry.value.isNull else { return }
            let reader = try MappingReader(entry.value, context: "Ansible group '\(entry.key)'", allowed: ["hosts", "children", "vars"])
            if let hosts = reader.node("hosts"), !hosts.isNull {
                guard let list = hosts.entries else {
                    throw Diagnostic("'hosts' of an Ansible group is a mapping of host names", at: hosts.location)
                }
                for host in list {
                    try Names.check(host.key, what: "host", at: host.keyLocation)
                    if hostLocations[host.key] == nil {
                        hostLocations[host.key] = host.keyLocation
                        hostOrder.append(host.key)
                    }
                    groups[entry.key]?.hosts.append(host.key)
                    if let variables = host.value.entries { hostVars[host.key, default: []].append(contentsOf: variables) }
                }
            }
            if let vars = reader.node("vars"), let list = vars.entries { groups[entry.key]?.vars.append(contentsOf: list) }
            if let children = reader.node("children"), !children.isNull {
                guard let list = children.entries else {
                    throw Diagnostic("'children' of an Ansible group is a mapping of group names", at: children.location)
                }
                for child in list {
                    groups[entry.key]?.children.append(child.key)
                    try readGroup(child)
                }
            }
        }

        /// `host_vars/NAME(.yml|.yaml)` and `group_vars/NAME(.yml|.yaml)` (or a folder of such files)
        /// beside the inventory, as Ansible reads them; they override the inventory file's values.
        mutating func readVariableFolders(_ folder: String) throws {
            for name in hostOrder {
                hostVars[name, default: []].append(contentsOf: try Self.variables(in: folder + "/host_vars", named: name))
            }
            for name in groupOrder {
                groups[name]?.vars.append(contentsOf: try Self.variables(in: folder + "/group_vars", named: name))
            }
        }

        private static func variables(in folder: String, named name: String) throws -> [ConfigEntry] {
            let fm = FileManager.default
            var files = ["", ".yml", ".yaml"].map { folder + "/" + name + $0 }.filter { path in
                var isFolder: ObjCBool = false
                return fm.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            }
            var isFolder: ObjCBool = false
            let subfolder = folder + "/" + name
            if fm.fileExists(atPath: subfolder, isDirectory: &isFolder), isFolder.boolValue {
                files += ((try? fm.contentsOfDirectory(atPath: subfolder)) ?? [])
                    .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { subfolder + "/" + $0 }
            }
            var entries: [ConfigEntry] = []
            for file in files {
                let root = try YAMLFile.load(path: file)
                if root.isNull { continue }
                guard let list = root.entries else {
                    throw Diagnostic("an Ansible variables file is a mapping of names to values", at: root.location)
                }
                entries.append(contentsOf: list)
            }
            return entries
        }

        /// Hosts of `group` and of its child groups, each once, in order.
        func members(of group: String) -> [(name: String, location: SourceLocation)] {
            var seen = Set<String>()
            var visited = Set<String>()
            var result: [(String, SourceLocation)] = []
            func visit(_ name: String) {
                guard visited.insert(name).inserted, let group = groups[name] else { return }
                for host in group.hosts where seen.insert(host).inserted {
                    result.append((host, hostLocations[host] ?? group.location))
                }
                for child in group.children { visit(child) }
            }
            visit(group)
            return result
        }

        /// How deep each group is below `all` (Ansible applies parents' variables first).
        func depths() -> [String: Int] {
            var depth: [String: Int] = [:]
            var queue = groupOrder.filter { name in !groups.values.contains { $0.children.contains(name) } }
            for name in queue { depth[name] = 0 }
            var index = 0
            while index < queue.count {
                let name = queue[index]
                index += 1
                let deeper = (depth[name] ?? 0) + 1
                // A child's depth is its longest path from a root; a cycle stops deepening at the group count.
                for child in groups[name]?.children ?? [] where (depth[child] ?? -1) < deeper && deeper < groupOrder.count {
                    depth[child] = deeper
                    queue.append(child)
                }
            }
            return depth
        }

        /// Each host's groups (directly or through child groups), and `all`.
        func membership() -> [String: [String]] {
            var result: [String: [String]] = [:]
            for name in groupOrder {
                for member in members(of: name) { result[member.name, default: []].append(name) }
            }
            if groups["all"] != nil {
                for host in hostOrder where !(result[host] ?? []).contains("all") { result[host, default: []].append("all") }
            }
            return result
        }

        /// The host's variables by Ansible's precedence: `all`, then parent groups before their
        /// children, then the host's own; the last value of a name wins.
        func variables(of host: String, groups containing: [String], depth: [String: Int]) -> [String: ConfigNode] {
            var result: [String: ConfigNode] = [:]
            for name in containing.sorted(by: { (depth[$0] ?? 0, $0) < (depth[$1] ?? 0, $1) }) {
                for entry in groups[name]?.vars ?? [] { result[entry.key] = entry.value }
            }
            for entry in hostVars[host] ?? [] { result[entry.key] = entry.value }
            return result
        }

        func host(_ name: String, groups containing: [String], depth: [String: Int]) throws -> HypervisorHost {
            let location = hostLocations[name] ?? SourceLocation(file: "?", line: 1, column: 1)
            var host = HypervisorHost(name: name, location: location, access: HostAccess(address: name))
            let variables = variables(of: name, groups: containing, depth: depth)
            func text(_ key: String) throws -> String? { try variables[key].map { try $0.asString(key) } }
            if let address = try text("ansible_host") { host.access.address = address }
            if let port = variables["ansible_port"] { host.access.port = try port.asInt("ansible_port", range: 1...65535) }
            host.access.user = try text("ansible_user")
            if let key = try text("ansible_ssh_private_key_file") { host.access.identityFile = (key as NSString).expandingTildeInPath }
            for key in ["ansible_ssh_common_args", "ansible_ssh_extra_args"] {
                if let node = variables[key] { try SSHArguments.apply(try node.asString(key), at: node.location, to: &host.access) }
            }
            if let uri = try text("virtfleet_uri") { host.access.uri = uri }
            if let proxy = try text("virtfleet_libvirt_proxy") { host.access.libvirtProxy = proxy }
            if let knownHosts = try text("virtfleet_known_hosts") { host.access.knownHosts = (knownHosts as NSString).expandingTildeInPath }
            if let node = variables["virtfleet_host_key_checking"] {
                let value = try node.asString("virtfleet_host_key_checking")
                guard let checking = HostKeyChecking(rawValue: value) else {
                    throw Diagnostic(
                        "'\(value)' is not a host key checking mode", at: node.location, hint: "use strict or accept-new")
                }
                host.access.hostKeyChecking = checking
            }
            return host
        }
    }

    /// The OpenSSH options of `ansible_ssh_common_args` that map to virtfleet's host settings.
    enum SSHArguments {
        /// Options that change nothing virtfleet does (connection sharing, keepalives, logging).
        static let harmless: Set<String> = [
            "controlmaster", "controlpath", "controlpersist", "serveraliveinterval", "serveralivecountmax",
            "loglevel", "compression", "forwardagent", "connecttimeout", "connectionattempts", "preferredauthentications",
        ]

        static func apply(_ text: String, at location: SourceLocation, to access: inout HostAccess) throws {
            var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map {
                String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            }
            func unsupported(_ what: String) -> Diagnostic {
                Diagnostic(
                    "virtfleet cannot use \(what) from the Ansible SSH arguments", at: location,
                    hint: "put it in an ssh_config file and name that file with 'ssh_config:' (docs/inventory.md)")
            }
            while !words.isEmpty {
                let word = words.removeFirst()
                switch word {
                case "-J":
                    guard !words.isEmpty else { throw unsupported("'-J' without a jump host") }
                    access.proxyJump = words.removeFirst()
                case "-F":
                    guard !words.isEmpty else { throw unsupported("'-F' without a file") }
                    access.sshConfig = (words.removeFirst() as NSString).expandingTildeInPath
                case "-o":
                    guard !words.isEmpty else { throw unsupported("'-o' without an option") }
                    try option(words.removeFirst(), access: &access, unsupported: unsupported)
                default:
                    if word.hasPrefix("-o"), word.count > 2 {
                        try option(String(word.dropFirst(2)), access: &access, unsupported: unsupported)
                    } else {
                        throw unsupported("'\(word)'")
                    }
                }
            }
        }

        private static func option(_ text: String, access: inout HostAccess, unsupported: (String) -> Diagnostic) throws {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw unsupported("'-o \(text)'") }
            let (name, value) = (parts[0].lowercased(), parts[1])
            switch name {
            case "proxyjump": access.proxyJump = value
            case "userknownhostsfile": access.knownHosts = (value as NSString).expandingTildeInPath
            case "stricthostkeychecking":
                switch value.lowercased() {
                case "yes": access.hostKeyChecking = .strict
                case "accept-new": access.hostKeyChecking = .acceptNew
                default: throw unsupported("'StrictHostKeyChecking=\(value)' (virtfleet checks host keys: yes or accept-new)")
                }
            case "port":
                guard let port = Int(value), (1...65535).contains(port) else { throw unsupported("'-o Port=\(value)'") }
                access.port = port
            case "user": access.user = value
            case "identityfile": access.identityFile = (value as NSString).expandingTildeInPath
            default:
                guard harmless.contains(name) else { throw unsupported("'-o \(parts[0])'") }
            }
        }
    }
}
