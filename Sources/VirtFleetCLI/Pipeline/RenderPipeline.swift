import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetInventory

/// The offline half of the pipeline: load → expand → select → (schema check).
enum RenderPipeline {
    struct Result: Sendable {
        var inventory: Inventory
        /// Every selected guest, `absent` ones included (planning needs them).
        var guests: [DesiredGuest]
        /// Warnings about the selected guests, each once, sorted by place.
        var warnings: [Warning]
        /// Per host: the declared pools and networks, and the images its guests need.
        var hosts: [DesiredHost] = []
        /// The selected guests that should exist, i.e. what `render` writes.
        var present: [DesiredGuest] { guests.filter { $0.state != .absent } }
    }

    static func run(inventoryPaths: [String], limit: Limit?, schema: RelaxNGValidator? = nil) throws -> Result {
        try run(inventory: try InventoryLoader.load(paths: inventoryPaths), limit: limit, schema: schema)
    }

    /// The same, for an inventory already loaded.
    static func run(inventory: Inventory, limit: Limit?, schema: RelaxNGValidator? = nil) throws -> Result {
        let selection = Selection(limit: limit, inventory: inventory)
        let expansion = try Expander.expansion(inventory)
        try selection.check(guests: expansion.guests.map(\.name))
        let guests = expansion.guests.filter(selection.selects)
        if let schema { try SchemaCheck.check(guests.filter { $0.state != .absent }, validator: schema) }
        return Result(inventory: inventory, guests: guests, warnings: expansion.warnings(for: guests), hosts: expansion.hosts)
    }

    /// Prints each warning once on standard error (one line each, as problems are printed).
    static func report(_ warnings: [Warning], to context: CommandContext) throws {
        for line in ProblemView.lines(for: warnings) { try context.errors.line(line) }
    }
}
