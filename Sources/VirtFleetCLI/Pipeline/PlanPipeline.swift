import VirtFleetExpansion
import Foundation
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetInventory
import VirtFleetPlan
import VirtFleetHypervisor

/// The pipeline as the design reads: load → expand → select → observe → plan.
public enum PlanPipeline {
    public struct Result: Sendable {
        public var inventory: Inventory
        public var plan: Plan
    }

    public static func run(inventoryPaths: [String], limit: Limit?, observer: Observer) async throws -> Result {
        let rendered = try RenderPipeline.run(inventoryPaths: inventoryPaths, limit: limit)
        let inventory = rendered.inventory
        let guestHosts = Set(rendered.guests.map(\.host))
        // A pattern naming guests (not hosts or groups) may name undeclared guests anywhere: look everywhere.
        let hostNames = inventory.hosts.map(\.name) + inventory.groups.map(\.name)
        let guestPattern = limit?.patterns.contains { pattern in !hostNames.contains { fnmatch(pattern, $0, 0) == 0 } } ?? true
        let hosts = inventory.hosts.filter { host in
            guard let limit, !guestPattern else { return true }
            return guestHosts.contains(host.name) || limit.selects(host: host.name, in: inventory)
        }
        let reports = await observer.observe(hosts)
        var plan = Planner(fleet: inventory.fleet).plan(desired: rendered.guests, reports: reports) { host, guest in
            limit?.selects(guest: guest, host: host, in: inventory) ?? true
        }
        for index in plan.hosts.indices {
            plan.hosts[index].connection = inventory.host(named: plan.hosts[index].host).map(HostConnection.init)
        }
        return Result(inventory: inventory, plan: plan)
    }
}
