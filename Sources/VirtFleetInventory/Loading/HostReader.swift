import VirtFleetDiagnostics

/// Reads one `hosts:` entry.
enum HostReader {
    static let keys = ["address", "port", "user", "identity_file", "known_hosts", "ssh_config", "proxy_jump",
                       "host_key_checking", "uri", "libvirt_proxy", "vars"]

    static func read(_ entry: ConfigEntry, relativeTo folder: String) throws -> HypervisorHost {
        try Names.check(entry.key, what: "host", at: entry.keyLocation)
        let reader = try MappingReader(entry.value, context: "host '\(entry.key)'", allowed: keys)
        let path = { (key: String) throws -> String? in
            try reader.string(key).map { PathExpansion.resolve($0, relativeTo: folder) }
        }
        var host = HypervisorHost(name: entry.key, location: entry.keyLocation)
        host.address = try reader.string("address") ?? entry.key
        host.port = try reader.int("port", range: 1...65535)
        host.user = try reader.string("user")
        host.identityFile = try path("identity_file")
        host.knownHosts = try path("known_hosts")
        host.sshConfig = try path("ssh_config")
        host.proxyJump = try reader.string("proxy_jump")
        host.hostKeyChecking = try reader.enum("host_key_checking", HostKeyChecking.self) ?? .strict
        host.libvirtProxy = try reader.string("libvirt_proxy")
        if let uri = reader.node("uri") {
            let text = try uri.asString("uri")
            guard text.contains(":///") || text.contains("://") else {
                throw Diagnostic("'\(text)' is not a libvirt URI", at: uri.location,
                                 hint: "for example qemu:///system or qemu:///session")
            }
            host.uri = text
        }
        if let vars = reader.node("vars") { host.vars = try VariableBlock.entries(vars, context: "vars") }
        return host
    }
}

/// Reads one `groups:` entry.
enum GroupReader {
    static let keys = ["hosts", "vars"]

    static func read(_ entry: ConfigEntry) throws -> HostGroup {
        try Names.check(entry.key, what: "group", at: entry.keyLocation)
        let reader = try MappingReader(entry.value, context: "group '\(entry.key)'", allowed: keys)
        var group = HostGroup(name: entry.key, location: entry.keyLocation, hosts: [])
        for node in try reader.list("hosts") {
            group.hosts.append(try node.asString("hosts"))
        }
        group.hostLocations = try reader.list("hosts").map(\.location)
        if let vars = reader.node("vars") { group.vars = try VariableBlock.entries(vars, context: "vars") }
        return group
    }
}

/// Host, group and fleet names end up in file names and libvirt metadata: keep them plain.
enum Names {
    static func check(_ name: String, what: String, at location: SourceLocation) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.allSatisfy(allowed.contains), !name.hasPrefix(".") else {
            throw Diagnostic("'\(name)' is not a valid \(what) name", at: location,
                             hint: "use letters, digits, '.', '_' and '-'")
        }
    }
}
