import ArgumentParser
import VirtFleetPlan

struct PlanCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change: create, update, drift, start, stop, delete, conflict.",
        discussion: """
            Exit codes: 0 success, 1 error (also a conflict or an unreachable host). With \
            --detailed-exitcode: 0 no changes, 1 error, 2 changes present.
            """)

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var options: ConnectionOptions

    @OptionGroup var output: FormatOptions<PlanFormats>

    @Option(help: "Save the plan to FILE for 'virtfleet apply FILE'.")
    var out: String?

    @Flag(help: "Exit 2 when there are changes, 0 when there are none (as Terraform does).")
    var detailedExitcode = false

    func validate() throws { try inventory.require() }

    /// `-v`: also list guests with no change (and, on standard error, the phase timings).
    var verbose: Bool { options.verbose }

    func run(_ context: CommandContext) async throws {
        let result = try await PlanPipeline.run(
            inventoryPaths: inventory.inventory, limit: inventory.selection,
            observer: context.observer(options))
        try RenderPipeline.report(result.warnings, to: context)
        let plan = result.plan
        let digest = try out.map { try PlanFile.write(plan, to: $0) }
        let format = output.chosen
        try context.output.write(format.render(plan, color: context.terminal.color, verbose: verbose))
        // Only the text view is followed by a line of its own: JSON and Markdown stay one document.
        if let out, let digest, format == .text {
            try context.output.line(
                "Saved the plan to \(out) (SHA-256 \(digest)); apply exactly it with: "
                    + "virtfleet apply \(out) --sha256 \(digest)")
        }
        if plan.hasErrors { throw ExitCode.failure }
        if detailedExitcode, plan.hasChanges { throw ExitCode(2) }
    }
}
