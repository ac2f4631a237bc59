import ArgumentParser
import VirtFleetApply
import VirtFleetInventory
import VirtFleetPlan

/// `virtfleet destroy`: removes every domain the fleet owns (within --limit), as Terraform's
/// destroy does: a plan first, then confirmation, then apply with apply's locks and checks.
struct DestroyCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Remove every domain the fleet owns: stop it, then undefine it (disk images are kept).",
        discussion: """
            Shows the plan, then asks for 'yes' (or --auto-approve). Only domains carrying this fleet's \
            mark are touched; --limit narrows the hosts or guests. With --out FILE the plan is saved \
            instead, for 'virtfleet apply FILE --sha256 HEX'.
            """)

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Skip the confirmation.")
    var autoApprove = false

    @Option(help: "Save the destroy plan to FILE instead of applying it.")
    var out: String?

    @Option(help: "Seconds a graceful shutdown may take before the guest is destroyed.")
    var shutdownTimeout = 60

    func validate() throws {
        try inventory.require()
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must not be negative.") }
    }

    func run(_ context: CommandContext) async throws {
        let loaded = try InventoryLoader.load(paths: inventory.inventory)
        // --limit may name guests too: the hosts of selected groups and hosts are observed, every
        // host when a pattern may name guests; only selected domains are deleted.
        let selection = Selection(limit: inventory.selection, inventory: loaded)
        // Domains, then (same connection) the pools their marks name, so deleting a recorded
        // volume is checked against every other domain using it.
        let planner = Planner(fleet: loaded.fleet)
        let reports = await context.observer(connection).observe(
            selection.hostsToObserve(for: []), widen: { planner.widened($0, for: $1) })
        var plan = planner.destroy(reports: reports, mayDelete: selection.mayDelete)
        for index in plan.hosts.indices {
            plan.hosts[index].access = loaded.host(named: plan.hosts[index].host)?.access
        }
        try context.output.write(HumanPlanView(color: context.terminal.color).render(plan))
        if let out {
            let digest = try PlanFile.write(plan, to: out)
            try context.output.line(
                "Saved the destroy plan to \(out) (SHA-256 \(digest)); apply exactly it with: virtfleet apply \(out) --sha256 \(digest)")
            if plan.hasErrors { throw ExitCode.failure }
            return
        }
        guard plan.hasChanges else {
            if plan.hasErrors { throw ExitCode.failure }
            return
        }
        if !autoApprove {
            try ApplyPipeline.confirm(
                "Destroy everything listed above?", verb: "destroy",
                refusal: "pass --auto-approve, or save the plan with --out and apply it", context: context)
        }
        try await ApplyPipeline.run(
            plan, hosts: loaded.hosts, connection: connection, restart: false, shutdownTimeout: shutdownTimeout, context: context)
    }
}
