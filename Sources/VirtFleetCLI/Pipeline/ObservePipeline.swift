import ArgumentParser
import VirtFleetHypervisor
import VirtFleetInventory

/// `hosts` and `inspect`: load → select hosts → observe (no expansion, so templates need not be valid).
enum ObservePipeline {
    static func run(inventoryPaths: [String], limit: Limit?, observer: Observer) async throws -> (Inventory, [HostReport]) {
        let inventory = try InventoryLoader.load(paths: inventoryPaths)
        let selection = Selection(limit: limit, inventory: inventory)
        try selection.check(guests: nil)
        return (inventory, await observer.observe(selection.hosts))
    }

    /// Observes, prints with `view` (text or JSON), and exits 1 when any host was unreachable.
    static func report(_ options: ObservationOptions, view: any ObservationView.Type, context: CommandContext) async throws {
        let (inventory, reports) = try await run(
            inventoryPaths: options.inventory.inventory, limit: options.inventory.selection,
            observer: context.observer(options.connection))
        try context.output.write(
            options.json
                ? view.json(reports, fleet: inventory.fleet)
                : view.human(reports, fleet: inventory.fleet))
        if reports.contains(where: { $0.observation == nil }) { throw ExitCode.failure }
    }
}

/// A view of observed hosts, for people or as JSON.
protocol ObservationView {
    static func human(_ reports: [HostReport], fleet: String) -> String
    static func json(_ reports: [HostReport], fleet: String) -> String
}

extension HostsView: ObservationView {}
extension InspectView: ObservationView {}
