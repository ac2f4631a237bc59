import ArgumentParser
import VirtFleetPlan

struct ShowCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a saved plan (as plan printed it, as JSON or as Markdown) without applying it.",
        discussion: "The text form also lists each host's connection settings that are not the defaults, since apply uses them as written.")

    @Argument(help: "A plan saved with 'virtfleet plan --out FILE'.")
    var planFile: String

    @OptionGroup var output: FormatOptions<PlanFormats>

    @Flag(name: .shortAndLong, help: "Also list guests with no change.")
    var verbose = false

    func run(_ context: CommandContext) async throws {
        let plan = try PlanFile.read(planFile)
        try context.output.write(output.chosen.render(plan, color: context.terminal.color, verbose: verbose, showAccess: true))
    }
}
