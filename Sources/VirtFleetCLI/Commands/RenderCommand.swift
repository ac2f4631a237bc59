import ArgumentParser
import VirtFleetDomain
import VirtFleetExpansion

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render each guest's libvirt domain XML, to DIR/HOST/GUEST.xml or stdout.")

    @OptionGroup var options: InventoryOptions

    @Option(help: "Write DIR/HOST/GUEST.xml instead of printing.")
    var out: String?

    @Flag(help: "Also validate each document against libvirt's RelaxNG schema.")
    var schema = false

    func run() throws {
        do {
            let validator = schema ? try RelaxNGValidator() : nil
            let result = try RenderPipeline.run(inventoryPaths: options.inventory, limit: options.selection, schema: validator)
            let guests = result.present
            if let out {
                try RenderedTree.write(guests, to: out)
                print("rendered \(guests.count) guests on \(Set(guests.map(\.host)).count) hosts into \(out)")
            } else {
                for guest in guests {
                    print("<!-- host: \(guest.host), guest: \(guest.name) -->")
                    print(guest.xml, terminator: "")
                }
            }
        } catch {
            throw Failure.report(error)
        }
    }
}
