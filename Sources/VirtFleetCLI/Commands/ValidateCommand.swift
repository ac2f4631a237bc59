import ArgumentParser
import VirtFleetDomain

struct ValidateCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the inventory and templates; print every problem as file:line:column.")

    @OptionGroup var options: InventoryOptions

    @Flag(help: "Also validate each rendered document against libvirt's RelaxNG schema.")
    var schema = false

    func validate() throws { try options.require() }

    func run(_ context: CommandContext) async throws {
        let validator = schema ? try RelaxNGValidator() : nil
        let result = try RenderPipeline.run(inventoryPaths: options.inventory, limit: options.selection, schema: validator)
        try RenderPipeline.report(result.warnings, to: context)
        let hosts = Set(result.guests.map(\.host)).count
        let warnings = result.warnings.count
        try context.output.line(
            "valid: \(result.guests.count) guests on \(hosts) hosts (fleet '\(result.inventory.fleet)')"
                + ResourceCounts(guests: result.present, hosts: result.hosts).suffix
                + (warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"))
    }
}
