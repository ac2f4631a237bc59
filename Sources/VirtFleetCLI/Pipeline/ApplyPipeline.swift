import ArgumentParser
import VirtFleetApply
import VirtFleetDiagnostics
import VirtFleetExpansion
import VirtFleetInventory
import VirtFleetPlan

/// The last stage of apply and destroy: ask, then carry out a plan with progress and a summary.
enum ApplyPipeline {
    /// Seeds a saved plan uploads: the plan holds their hashes only, so the ISO images are rebuilt
    /// from the inventory (`apply FILE -i INVENTORY`), and each must hash to what the plan says.
    static func seeds(for plan: Plan, file: String, rendered: [DesiredGuest]?) throws -> [String: [UInt8]] {
        let wanted = plan.entries.compactMap(\.seed).filter { $0.action.isChange }
        guard !wanted.isEmpty else { return [:] }
        guard let rendered else {
            throw Diagnostic(
                "the saved plan uploads \(wanted.count) cloud-init seed\(wanted.count == 1 ? "" : "s"), which are rebuilt from the inventory",
                at: .file(file), hint: "apply it with the inventory it was made from: virtfleet apply \(file) -i INVENTORY")
        }
        let seeds = PlanPipeline.seeds(rendered, only: Set(wanted.map(\.hash)))
        let missing = wanted.filter { seeds[$0.hash] == nil }
        guard missing.isEmpty else {
            throw DiagnosticList(
                missing.map { seed in
                    Diagnostic(
                        "the inventory no longer renders the cloud-init seed \(seed.label) the saved plan uploads (SHA-256 \(seed.hash))",
                        at: .file(file), hint: "make the plan again from this inventory")
                })
        }
        return seeds
    }

    /// Asks for "yes" on the terminal; without one, refuses with `refusal` (what to do instead).
    /// Throws `ExitCode.failure` when not confirmed.
    static func confirm(_ question: String, verb: String, refusal: String, context: CommandContext) throws {
        guard context.terminal.stdinIsTerminal else {
            try context.errors.line("error: refusing to \(verb) without confirmation: no terminal to ask on — \(refusal)")
            throw ExitCode.failure
        }
        guard try context.confirm("\(question) Only 'yes' is accepted:") else {
            try context.output.line("\(verb.prefix(1).uppercased() + verb.dropFirst()) cancelled.")
            throw ExitCode.failure
        }
    }

    /// Applies `plan` to `hosts` (each host under its lock), prints progress and the summary, and
    /// exits 1 when anything failed or the plan had errors. `seeds` are the cloud-init seed images
    /// the plan uploads, by SHA-256, rebuilt from the inventory.
    static func run(
        _ plan: Plan, hosts: [HypervisorHost], connection: ConnectionOptions, restart: Bool, shutdownTimeout: Int,
        seeds: [String: [UInt8]] = [:], context: CommandContext
    ) async throws {
        let (progress, sink) = context.progress(connection)
        let engine = ApplyEngine(
            connector: context.connector(connection),
            options: ApplyOptions(
                parallelism: connection.parallelism, restart: restart, shutdownTimeout: .seconds(shutdownTimeout),
                holder: context.lockHolder),
            progress: sink)
        let report = try await engine.apply(plan, hosts: hosts, seeds: seeds)
        try progress.check()
        try context.output.write(ApplySummary.render(report, plan: plan))
        if report.failed || plan.hasErrors { throw ExitCode.failure }
    }
}
