import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetInventory

/// The offline half of the pipeline: load → expand → select → (schema check).
enum RenderPipeline {
    struct Result: Sendable {
        var inventory: Inventory
        /// Every selected guest, `absent` ones included (planning needs them).
        var guests: [DesiredGuest]
        /// The selected guests that should exist, i.e. what `render` writes.
        var present: [DesiredGuest] { guests.filter { $0.state != .absent } }
    }

    static func run(inventoryPaths: [String], limit: Limit?, schema: RelaxNGValidator? = nil) throws -> Result {
        let inventory = try InventoryLoader.load(paths: inventoryPaths)
        let selection = Selection(limit: limit, inventory: inventory)
        var guests = try Expander.expand(inventory)
        try selection.check(guests: guests.map(\.name))
        guests = guests.filter(selection.selects)
        if let schema { try SchemaCheck.check(guests.filter { $0.state != .absent }, validator: schema) }
        return Result(inventory: inventory, guests: guests)
    }
}
