import VirtFleetDiagnostics
import VirtFleetInventory

/// The variables one guest sees, already merged by precedence
/// (template defaults < fleet vars < groups < host < guest < built-ins).
public struct Scope: Sendable {
    public private(set) var values: [String: ConfigNode] = [:]

    public init() {}

    public init(layers: [[ConfigEntry]]) {
        for layer in layers {
            for entry in layer { values[entry.key] = entry.value }
        }
    }

    public mutating func set(_ name: String, _ value: ConfigNode) {
        values[name] = value
    }

    public mutating func set(_ name: String, _ text: String, at location: SourceLocation) {
        values[name] = .scalar(text, at: location)
    }

    public subscript(name: String) -> ConfigNode? { values[name] }
}
