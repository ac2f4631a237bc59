import ArgumentParser

struct InspectCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the domains each hypervisor has now: name, state, UUID, owner (JSON adds their XML).",
        discussion: "Exits 1 when any host is unreachable; the others are still reported.")

    @OptionGroup var options: ObservationOptions

    func validate() throws { try options.inventory.require() }

    func run(_ context: CommandContext) async throws {
        try await ObservePipeline.report(options, view: InspectView.self, context: context)
    }
}
