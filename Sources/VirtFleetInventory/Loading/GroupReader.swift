import VirtFleetDiagnostics

/// Reads one `groups:` entry.
enum GroupReader {
    static let keys = ["hosts", "vars", "pools", "networks"]

    /// Bad `pools:` or `networks:` entries are reported to `problems` one by one.
    static func read(_ entry: ConfigEntry, problems: inout Diagnostics) throws -> HostGroup {
        try Names.check(entry.key, what: "group", at: entry.keyLocation)
        let reader = try MappingReader(entry.value, context: "group '\(entry.key)'", allowed: keys)
        var group = HostGroup(name: entry.key, location: entry.keyLocation, hosts: [])
        for node in try reader.list("hosts") {
            group.hosts.append(try node.asString("hosts"))
        }
        group.hostLocations = try reader.list("hosts").map(\.location)
        if let vars = reader.node("vars") { group.vars = try VariableBlock.entries(vars, context: "vars") }
        let scope = "group '\(entry.key)'"
        if let pools = reader.node("pools") { group.pools = ResourceBlocks.pools(pools, scope: scope, problems: &problems) }
        if let networks = reader.node("networks") {
            group.networks = ResourceBlocks.networks(networks, scope: scope, problems: &problems)
        }
        return group
    }
}
