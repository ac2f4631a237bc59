import VirtFleetExpansion
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// The offline half of the pipeline, as the design reads: load → expand → select → (schema check).
public enum RenderPipeline {
    public struct Result: Sendable {
        public var inventory: Inventory
        /// Every selected guest, `absent` ones included (planning needs them).
        public var guests: [DesiredGuest]
        /// The selected guests that should exist, i.e. what `render` writes.
        public var present: [DesiredGuest] { guests.filter { $0.state != .absent } }
    }

    public static func run(inventoryPaths: [String], limit: Limit? = nil, schema: RelaxNGValidator? = nil) throws -> Result {
        let inventory = try InventoryLoader.load(paths: inventoryPaths)
        var guests = try Expander.expand(inventory)
        if let limit {
            let unmatched = limit.unmatched(in: inventory, guests: guests.map(\.name))
            if !unmatched.isEmpty {
                throw Diagnostic("--limit \(unmatched.map { "'\($0)'" }.joined(separator: ", ")) matches no host, group or guest",
                                 at: nil, hint: "check the spelling; globs such as 'web-*' are allowed")
            }
            guests = guests.filter { limit.selects(guest: $0.name, host: $0.host, in: inventory) }
        }
        if let schema { try SchemaCheck.check(guests.filter { $0.state != .absent }, validator: schema) }
        return Result(inventory: inventory, guests: guests)
    }
}
