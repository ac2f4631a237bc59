import VirtFleetDiagnostics

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
