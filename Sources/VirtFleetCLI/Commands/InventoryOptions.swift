import ArgumentParser
import VirtFleetInventory

/// Options every command that reads the inventory shares.
struct InventoryOptions: ParsableArguments {
    @Option(name: [.customShort("i"), .customLong("inventory")],
            help: "Inventory file or folder; repeat to merge several.")
    var inventory: [String] = []

    @Option(name: .long, help: "Only these hosts, groups or guests: comma-separated names or globs.")
    var limit: String?

    func validate() throws {
        if inventory.isEmpty {
            throw ValidationError("Missing -i INVENTORY (a YAML file or a folder of them).")
        }
    }

    var selection: Limit? { Limit(limit) }
}
