import ArgumentParser
import VirtFleetDomain
import VirtFleetExpansion

struct RenderCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render each guest's libvirt domain XML, to DIR/HOST/GUEST.xml or stdout.")

    @OptionGroup var options: InventoryOptions

    @Option(help: "Write DIR/HOST/GUEST.xml instead of printing.")
    var out: String?

    @Flag(help: "Also validate each document against libvirt's RelaxNG schema.")
    var schema = false

    func validate() throws { try options.require() }

    func run(_ context: CommandContext) async throws {
        let validator = schema ? try RelaxNGValidator() : nil
        let result = try RenderPipeline.run(
            inventoryPaths: options.inventory, limit: options.selection,
            schema: validator)
        try RenderPipeline.report(result.warnings, to: context)
        let guests = result.present
        if let out {
            try RenderedTree.write(guests, to: out)
            try context.output.line("rendered \(guests.count) guests on \(Set(guests.map(\.host)).count) hosts into \(out)")
        } else {
            for guest in guests {
                try context.output.write("<!-- host: \(guest.host), guest: \(guest.name) -->\n" + guest.xml)
            }
        }
    }
}
