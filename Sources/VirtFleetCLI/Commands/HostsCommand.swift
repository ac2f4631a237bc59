import ArgumentParser
import VirtFleetHypervisor

struct HostsCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Reach every hypervisor: reachable or not (and why), libvirt version, capacity, domain counts.",
        discussion: "Exits 1 when any host is unreachable; the others are still reported.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var options: ConnectionOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws { try inventory.require() }

    func run(_ context: CommandContext) async throws {
        let (loaded, reports) = try await ObservePipeline.run(inventoryPaths: inventory.inventory,
                                                             limit: inventory.selection, observer: context.observer(options))
        try context.output.write(json ? HostsView.json(reports, fleet: loaded.fleet) : HostsView.human(reports, fleet: loaded.fleet))
        if reports.contains(where: { $0.observation == nil }) { throw ExitCode.failure }
    }
}
