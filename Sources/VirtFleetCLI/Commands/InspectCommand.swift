import ArgumentParser
import VirtFleetHypervisor

struct InspectCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the domains each hypervisor has now: name, state, UUID, owner (JSON adds their XML).",
        discussion: "Exits 1 when any host is unreachable; the others are still reported.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var options: ConnectionOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws { try inventory.require() }

    func run(_ context: CommandContext) async throws {
        let (loaded, reports) = try await ObservePipeline.run(inventoryPaths: inventory.inventory,
                                                             limit: inventory.selection, observer: context.observer(options))
        try context.output.write(json ? InspectView.json(reports, fleet: loaded.fleet)
                                      : InspectView.human(reports, fleet: loaded.fleet))
        if reports.contains(where: { $0.observation == nil }) { throw ExitCode.failure }
    }
}
