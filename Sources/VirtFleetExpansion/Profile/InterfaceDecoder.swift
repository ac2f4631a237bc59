import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// `interfaces:` entries. `source` is the network or bridge name; `address`/`port` the
/// multicast group or tunnel end; `mac` is derived when left out.
enum InterfaceDecoder {
    static func decode(_ node: ConfigNode) throws -> Interface {
        let r = try MappingReader(
            node, context: "interface",
            allowed: [
                "type", "source", "address", "port", "mac",
                "target", "script", "model",
            ])
        let type = try r.enum("type", InterfaceType.self) ?? .network
        var interface = Interface(type: type)
        interface.source = try r.string("source")
        interface.address = try r.string("address")
        interface.port = try r.int("port", range: 1...65535)
        interface.targetDev = try r.string("target")
        if let target = r.node("target"), let name = interface.targetDev,
            ["vnet", "macvtap", "macvlan"].contains(where: name.hasPrefix)
        {
            // libvirt treats these prefixes as its own auto-generated names and drops them from the config.
            throw Diagnostic(
                "target device '\(name)' uses a prefix libvirt reserves and silently drops", at: target.location,
                hint: "choose a name without that prefix, or leave 'target' out")
        }
        interface.script = try r.string("script")
        interface.model = try r.string("model")
        if let mac = r.node("mac") {
            let text = try mac.asString("mac")
            guard let normalized = Identity.normalizeMAC(text) else {
                throw Diagnostic(
                    "'\(text)' is not a valid unicast MAC address", at: mac.location,
                    hint: "write six hex pairs such as 52:54:00:12:34:56 (first byte even), or leave it out to derive one")
            }
            interface.mac = normalized
        }
        switch type {
        case .network, .bridge:
            guard interface.source != nil else {
                throw Diagnostic(
                    "a \(type.rawValue) interface needs 'source:' (the \(type == .network ? "network" : "bridge") name)",
                    at: node.location)
            }
        case .mcast, .server, .client:
            guard interface.address != nil, interface.port != nil else {
                throw Diagnostic("a \(type.rawValue) interface needs 'address:' and 'port:'", at: node.location)
            }
        case .user, .ethernet:
            if let source = r.node("source") {
                throw Diagnostic("a \(type.rawValue) interface takes no 'source'", at: source.location)
            }
        }
        return interface
    }
}
