import ArgumentParser
import VirtFleetHypervisor

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the domains each hypervisor has now: name, state, UUID, owner (JSON adds their XML).",
        discussion: "Exits 1 when any host is unreachable; the others are still reported.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var options: ConnectionOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await options.report(inventory, json: json, human: InspectView.human, json: InspectView.json)
    }
}
