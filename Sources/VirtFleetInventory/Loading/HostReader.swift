import VirtFleetDiagnostics

/// Reads one `hosts:` entry.
enum HostReader {
    static let keys = [
        "address", "port", "user", "identity_file", "known_hosts", "ssh_config", "proxy_jump",
        "host_key_checking", "uri", "libvirt_proxy", "vars", "pools", "networks",
    ]

    /// Bad `pools:` or `networks:` entries are reported to `problems` one by one; anything else
    /// wrong is thrown.
    static func read(_ entry: ConfigEntry, relativeTo folder: String, problems: inout Diagnostics) throws -> HypervisorHost {
        try Names.check(entry.key, what: "host", at: entry.keyLocation)
        let reader = try MappingReader(entry.value, context: "host '\(entry.key)'", allowed: keys)
        let path = { (key: String) throws -> String? in
            try reader.string(key).map { PathExpansion.resolve($0, relativeTo: folder) }
        }
        var host = HypervisorHost(name: entry.key, location: entry.keyLocation)
        host.access.address = try reader.string("address") ?? entry.key
        host.access.port = try reader.int("port", range: 1...65535)
        host.access.user = try reader.string("user")
        host.access.identityFile = try path("identity_file")
        host.access.knownHosts = try path("known_hosts")
        host.access.sshConfig = try path("ssh_config")
        host.access.proxyJump = try reader.string("proxy_jump")
        host.access.hostKeyChecking = try reader.enum("host_key_checking", HostKeyChecking.self) ?? .strict
        host.access.libvirtProxy = try reader.string("libvirt_proxy")
        if let uri = reader.node("uri") {
            let text = try uri.asString("uri")
            guard Self.isLibvirtURI(text) else {
                throw Diagnostic(
                    "'\(text)' is not a libvirt URI", at: uri.location,
                    hint: "for example qemu:///system or qemu:///session")
            }
            host.access.uri = text
        }
        if let vars = reader.node("vars") { host.vars = try VariableBlock.entries(vars, context: "vars") }
        let scope = "host '\(entry.key)'"
        if let pools = reader.node("pools") { host.pools = ResourceBlocks.pools(pools, scope: scope, problems: &problems) }
        if let networks = reader.node("networks") {
            host.networks = ResourceBlocks.networks(networks, scope: scope, problems: &problems)
        }
        return host
    }

    /// `SCHEME://…` with a scheme as RFC 3986 writes it (`qemu`, `qemu+ssh`) and no spaces.
    static func isLibvirtURI(_ text: String) -> Bool {
        guard let separator = text.range(of: "://"), !text.contains(where: \.isWhitespace) else { return false }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }
}
