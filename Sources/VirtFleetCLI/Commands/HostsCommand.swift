import ArgumentParser
import VirtFleetHypervisor

struct HostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Reach every hypervisor: reachable or not (and why), libvirt version, capacity, domain counts.",
        discussion: "Exits 1 when any host is unreachable; the others are still reported.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var options: ConnectionOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await options.report(inventory, json: json, human: HostsView.human, json: HostsView.json)
    }
}
