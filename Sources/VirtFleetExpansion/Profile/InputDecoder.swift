import VirtFleetDomain
import VirtFleetInventory

/// `inputs:` entries: `{type: tablet, bus: usb}`.
enum InputDecoder {
    static func decode(_ node: ConfigNode) throws -> Input {
        let r = try MappingReader(node, context: "input", allowed: ["type", "bus"])
        return Input(
            type: try r.required("type").asEnum("input type", InputType.self),
            bus: try r.enum("bus", InputBus.self))
    }
}
