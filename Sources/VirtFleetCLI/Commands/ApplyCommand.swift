import ArgumentParser
import VirtFleetApply
import VirtFleetInventory
import VirtFleetPlan

struct ApplyCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the hosts match the inventory (or apply a saved plan exactly).",
        discussion: """
            Without a terminal, apply refuses unless --auto-approve is given or a saved plan is applied. \
            A saved plan is refused as stale when any host changed since it was made.
            """)

    @Argument(help: "A plan saved with 'virtfleet plan --out FILE'.")
    var planFile: String?

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Skip the confirmation.")
    var autoApprove = false

    @Flag(help: "Reboot running guests whose definition changed (one at a time per host).")
    var restart = false

    @Option(help: "Seconds a graceful shutdown may take before the guest is destroyed.")
    var shutdownTimeout = 60

    func validate() throws {
        if planFile != nil, !inventory.inventory.isEmpty || inventory.limit != nil {
            throw ValidationError("A saved plan is applied as it is: leave out -i and --limit.")
        }
        if planFile == nil, inventory.inventory.isEmpty { throw ValidationError("Missing -i INVENTORY or a saved plan FILE.") }
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must not be negative.") }
    }

    func run(_ context: CommandContext) async throws {
        let plan: Plan
        let hosts: [HypervisorHost]
        if let planFile {
            plan = try PlanFile.read(planFile)
            hosts = plan.hosts.compactMap { host in
                host.access.map { HypervisorHost(name: host.host, location: .file(planFile), access: $0) }
            }
        } else {
            let result = try await PlanPipeline.run(inventoryPaths: inventory.inventory, limit: inventory.selection,
                                                    observer: context.observer(connection))
            plan = result.plan
            hosts = result.inventory.hosts
        }
        try context.output.write(HumanPlanView(color: context.terminal.color).render(plan))
        guard plan.hasChanges || (restart && plan.count(.restart) > 0) else {
            if plan.hasErrors { throw ExitCode.failure }
            return
        }
        if planFile == nil, !autoApprove {
            guard context.terminal.stdinIsTerminal else {
                try context.errors.line("error: refusing to apply without confirmation: no terminal to ask on — "
                                        + "pass --auto-approve, or apply a saved plan (virtfleet plan --out FILE)")
                throw ExitCode.failure
            }
            guard try context.confirm("Apply these changes? Only 'yes' is accepted:") else {
                try context.output.line("Apply cancelled.")
                throw ExitCode.failure
            }
        }
        let progress = LineProgress(output: context.output, terminal: context.terminal.stdoutIsTerminal)
        let engine = ApplyEngine(
            connector: context.connector(connection),
            options: ApplyOptions(parallelism: connection.parallelism, restart: restart,
                                  shutdownTimeout: .seconds(shutdownTimeout), holder: context.lockHolder),
            progress: progress)
        let report = try await engine.apply(plan, hosts: hosts)
        try progress.check()
        try context.output.write(ApplySummary.render(report, plan: plan))
        if report.failed || plan.hasErrors { throw ExitCode.failure }
    }
}
