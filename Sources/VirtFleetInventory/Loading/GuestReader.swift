import VirtFleetDiagnostics

/// Reads one `guests:` entry.
enum GuestReader {
    static let keys = [
        "name", "template", "count", "start", "host", "group", "spread", "state", "uuid", "vars",
        "override", "cloud_init", "delete_volumes",
    ]
    /// More than this in one declaration is almost certainly a typo.
    static let maximumCount = 100_000

    static func read(_ node: ConfigNode) throws -> GuestDeclaration {
        let reader = try MappingReader(node, context: "guest", allowed: keys)
        let name = try reader.required("name")
        _ = try name.asString("name")
        let template = try reader.required("template")
        let count = try reader.int("count")
        if let count, let countNode = reader.node("count") {
            if count < 0 {
                throw Diagnostic(
                    "'count' must not be negative, got \(count)", at: countNode.location,
                    hint: "use 0 to declare none, or state: absent to remove guests")
            }
            if count > maximumCount {
                throw Diagnostic(
                    "'count' of \(count) is more than the \(maximumCount) allowed in one declaration",
                    at: countNode.location, hint: "split the tier into several declarations")
            }
        }
        if count != nil, !(name.scalar ?? "").contains("{{") {
            throw Diagnostic(
                "a guest with 'count' needs a name pattern such as '\(name.scalar ?? "web")-{{ index }}'",
                at: name.location, hint: "otherwise every copy would have the same name")
        }
        let placement: Placement
        switch (reader.node("host"), reader.node("group")) {
        case let (host?, nil):
            if reader.contains("spread") {
                throw Diagnostic("'spread' applies only to guests placed on a group", at: host.location)
            }
            placement = .host(try host.asString("host"), host.location)
        case let (nil, group?):
            let spread = try reader.enum("spread", Spread.self) ?? .roundRobin
            placement = .group(try group.asString("group"), group.location, spread)
        case (_?, _?):
            throw Diagnostic("a guest takes either 'host' or 'group', not both", at: node.location)
        case (nil, nil):
            throw Diagnostic(
                "guest has no placement", at: node.location,
                hint: "add 'host: NAME' to pin it or 'group: NAME' to spread it")
        }
        var vars: [ConfigEntry] = []
        if let block = reader.node("vars") { vars = try VariableBlock.entries(block, context: "vars") }
        if let override = reader.node("override"), override.entries == nil {
            throw Diagnostic("'override' must be a mapping of template keys", at: override.location)
        }
        var declaration = GuestDeclaration(
            location: node.location, name: name, template: try template.asString("template"),
            templateLocation: template.location, count: count, start: try reader.int("start", range: 0...1_000_000) ?? 1,
            placement: placement, state: try reader.enum("state", DesiredState.self) ?? .running,
            uuid: reader.node("uuid"), vars: vars, overrides: reader.node("override"))
        declaration.countLocation = reader.node("count")?.location
        declaration.cloudInit = try reader.node("cloud_init").map(CloudInitReader.read)
        declaration.deleteVolumes = try reader.bool("delete_volumes") ?? false
        return declaration
    }
}
