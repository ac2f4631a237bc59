// A test tool: expands the inventory at the given path and prints every guest (host, name, UUID,
// MACs, domain XML), preceded by one line showing this process's hash seed. ExpansionTests runs
// it as separate processes, which Swift seeds differently, to show the output does not depend
// on hash order. (It stands in for `virtfleet render`, minus the command line.)
import VirtFleetExpansion
import VirtFleetInventory

var probe = Hasher()
probe.combine("hash seed probe")
print("seed \(probe.finalize())")
for guest in try Expander.expand(try InventoryLoader.load(paths: Array(CommandLine.arguments.dropFirst()))) {
    print("<!-- \(guest.host) \(guest.name) \(guest.uuid) \(guest.macs) -->")
    print(guest.xml)
}
