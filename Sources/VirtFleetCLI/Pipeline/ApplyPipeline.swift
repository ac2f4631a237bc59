import ArgumentParser
import VirtFleetApply
import VirtFleetInventory
import VirtFleetPlan

/// The last stage of apply and destroy: ask, then carry out a plan with progress and a summary.
enum ApplyPipeline {
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
    /// exits 1 when anything failed or the plan had errors.
    static func run(
        _ plan: Plan, hosts: [HypervisorHost], connection: ConnectionOptions, restart: Bool, shutdownTimeout: Int,
        context: CommandContext
    ) async throws {
        let (progress, sink) = context.progress(connection)
        let engine = ApplyEngine(
            connector: context.connector(connection),
            options: ApplyOptions(
                parallelism: connection.parallelism, restart: restart, shutdownTimeout: .seconds(shutdownTimeout),
                holder: context.lockHolder),
            progress: sink)
        let report = try await engine.apply(plan, hosts: hosts)
        try progress.check()
        try context.output.write(ApplySummary.render(report, plan: plan))
        if report.failed || plan.hasErrors { throw ExitCode.failure }
    }
}
