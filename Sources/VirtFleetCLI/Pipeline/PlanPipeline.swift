import VirtFleetDiagnostics
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan

/// The pipeline as the design reads: load → expand → select → observe → plan.
enum PlanPipeline {
    struct Result: Sendable {
        var inventory: Inventory
        var plan: Plan
        /// Expansion's warnings about the selected guests.
        var warnings: [Warning]
    }

    static func run(inventoryPaths: [String], limit: Limit?, observer: Observer) async throws -> Result {
        let rendered = try RenderPipeline.run(inventoryPaths: inventoryPaths, limit: limit)
        let inventory = rendered.inventory
        let selection = Selection(limit: limit, inventory: inventory)
        let reports = await observer.observe(selection.hostsToObserve(for: rendered.guests))
        var plan = Planner(fleet: inventory.fleet).plan(
            desired: rendered.guests, reports: reports,
            mayDelete: selection.mayDelete)
        for index in plan.hosts.indices {
            plan.hosts[index].access = inventory.host(named: plan.hosts[index].host)?.access
        }
        return Result(inventory: inventory, plan: plan, warnings: rendered.warnings)
    }
}
