import ArgumentParser

struct HostsCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Reach every hypervisor: reachable or not (and why), libvirt version, capacity, domain counts.",
        discussion: "Exits 1 when any host is unreachable; the others are still reported.")

    @OptionGroup var options: ObservationOptions

    func validate() throws { try options.inventory.require() }

    func run(_ context: CommandContext) async throws {
        try await ObservePipeline.report(options, view: HostsView.self, context: context)
    }
}
