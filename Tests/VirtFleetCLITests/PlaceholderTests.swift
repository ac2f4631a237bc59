import Testing
import VirtFleetCLI

@Suite struct CommandLineTests {
    @Test func theRootCommandListsEverySubcommand() {
        #expect(VirtFleet.configuration.subcommands.count == 7)
    }
}
