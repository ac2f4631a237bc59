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
        let inventory = try InventoryLoader.load(paths: inventoryPaths)
        let selection = Selection(limit: limit, inventory: inventory)
        // Reaching a host (SSH handshake, libvirt open, every domain read) takes longer than
        // expanding the inventory, so the hosts planned whatever the guests turn out to be are
        // observed meanwhile. Should expansion fail, that observation is cancelled, not awaited.
        let early = selection.hostsToObserveWhateverTheGuests
        let earlyObservation = Task { await observer.observe(early) }
        let rendered: RenderPipeline.Result
        do {
            rendered = try RenderPipeline.run(inventory: inventory, limit: limit)
        } catch {
            earlyObservation.cancel()
            throw error
        }
        let hosts = selection.hostsToObserve(for: rendered.guests)
        let observedEarly = Set(early.map(\.name))
        let late = await observer.observe(hosts.filter { !observedEarly.contains($0.name) })
        let observed = Dictionary((await earlyObservation.value + late).map { ($0.host, $0) }, uniquingKeysWith: { first, _ in first })
        let reports = hosts.compactMap { observed[$0.name] }
        var plan = Planner(fleet: inventory.fleet).plan(
            desired: rendered.guests, reports: reports,
            mayDelete: selection.mayDelete)
        for index in plan.hosts.indices {
            plan.hosts[index].access = inventory.host(named: plan.hosts[index].host)?.access
        }
        return Result(inventory: inventory, plan: plan, warnings: rendered.warnings)
    }
}
