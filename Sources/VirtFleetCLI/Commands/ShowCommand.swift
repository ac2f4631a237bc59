import ArgumentParser
import VirtFleetPlan

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a saved plan (as plan printed it, or as JSON) without applying it.")

    @Argument(help: "A plan saved with 'virtfleet plan --out FILE'.")
    var planFile: String

    @Flag(help: "Print the plan as JSON (docs/json.md).")
    var json = false

    @Flag(name: .shortAndLong, help: "Also list guests with no change.")
    var verbose = false

    func run() throws {
        do {
            let plan = try PlanFile.read(planFile)
            Output.write(json ? JSONPlanView.render(plan) : HumanPlanView(color: Terminal.useColor, verbose: verbose).render(plan))
        } catch {
            throw Failure.report(error)
        }
    }
}
