import ArgumentParser
import VirtFleetApply
import VirtFleetDiagnostics
import VirtFleetInventory
import VirtFleetPlan

struct ApplyCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the hosts match the inventory (or apply a saved plan exactly).",
        discussion: """
            Without a terminal, apply refuses unless --auto-approve is given or a saved plan is applied. \
            A saved plan is refused as stale when any host changed since it was made; with -i it must \
            also match what the inventory renders now.
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

    @Option(name: .customLong("sha256"), help: "With a saved plan: refuse it unless the file has this SHA-256 (as 'plan --out' printed).")
    var sha256: String?

    @Option(
        name: .customLong("allow-setting"),
        help: ArgumentHelp(
            "With a saved plan: accept this connection setting from it (HOST.KEY=VALUE; repeat as needed).",
            discussion: "Settings that weaken host-key checking or run commands are refused unless repeated here."))
    var allowedSettings: [String] = []

    func validate() throws {
        if planFile != nil, inventory.limit != nil {
            throw ValidationError("A saved plan is applied as it is: leave out --limit.")
        }
        if planFile == nil, inventory.inventory.isEmpty { throw ValidationError("Missing -i INVENTORY or a saved plan FILE.") }
        if planFile == nil, sha256 != nil || !allowedSettings.isEmpty {
            throw ValidationError("--sha256 and --allow-setting apply to a saved plan FILE.")
        }
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must not be negative.") }
    }

    /// The plan to apply and the hosts to reach: made now from the inventory, or read from a saved
    /// plan (checked against the inventory with -i, or trusted only as far as `--allow-setting` says).
    /// The cloud-init seeds come from the inventory in every case (a plan holds their hashes only).
    private func planAndHosts(_ context: CommandContext) async throws -> (Plan, [HypervisorHost], [String: [UInt8]]) {
        guard let planFile else {
            let result = try await PlanPipeline.run(
                inventoryPaths: inventory.inventory, limit: inventory.selection,
                observer: context.observer(connection))
            return (result.plan, result.inventory.hosts, result.seeds)
        }
        let plan = try PlanFile.read(planFile, sha256: sha256)
        // The image files are read at apply: they must still be what the plan was made with.
        let problems = ImageCheck.problems(plan, file: planFile)
        if !problems.isEmpty { throw DiagnosticList(problems) }
        if !inventory.inventory.isEmpty {
            let rendered = try RenderPipeline.run(inventoryPaths: inventory.inventory, limit: nil)
            try SavedPlanTrust.verify(plan, against: rendered)
            let seeds = try ApplyPipeline.seeds(for: plan, file: planFile, rendered: rendered.guests)
            return (plan, rendered.inventory.hosts, seeds)
        }
        _ = try ApplyPipeline.seeds(for: plan, file: planFile, rendered: nil)
        try SavedPlanTrust.check(plan, allowed: allowedSettings)
        return (
            plan,
            plan.hosts.compactMap { host in
                host.access.map { HypervisorHost(name: host.host, location: .file(planFile), access: $0) }
            },
            [:]
        )
    }

    func run(_ context: CommandContext) async throws {
        let (plan, hosts, seeds) = try await planAndHosts(context)
        try context.output.write(HumanPlanView(color: context.terminal.color).render(plan))
        guard plan.hasChanges || (restart && plan.count(.restart) > 0) else {
            if plan.hasErrors { throw ExitCode.failure }
            return
        }
        if planFile == nil, !autoApprove {
            try ApplyPipeline.confirm(
                "Apply these changes?", verb: "apply",
                refusal: "pass --auto-approve, or apply a saved plan (virtfleet plan --out FILE)", context: context)
        }
        try await ApplyPipeline.run(
            plan, hosts: hosts, connection: connection, restart: restart, shutdownTimeout: shutdownTimeout, seeds: seeds,
            context: context)
    }
}
