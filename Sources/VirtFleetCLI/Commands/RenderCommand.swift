import ArgumentParser
import VirtFleetDomain
import VirtFleetExpansion

struct RenderCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render each guest's libvirt domain XML (and pools, networks, volumes, cloud-init seeds), to DIR or stdout.")

    @OptionGroup var options: InventoryOptions

    @Option(
        help: ArgumentHelp(
            "Write DIR/HOST/GUEST.xml instead of printing, with GUEST.cidata/ (cloud-init documents), pools/, networks/ and volumes/POOL/.",
            valueName: "DIR"))
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
            try RenderedTree.write(guests, hosts: result.hosts, to: out)
            try context.output.line(
                "rendered \(guests.count) guests on \(Set(guests.map(\.host)).count) hosts into \(out)"
                    + ResourceCounts(guests: guests, hosts: result.hosts).suffix)
        } else {
            for guest in guests {
                try context.output.write("<!-- host: \(guest.host), guest: \(guest.name) -->\n" + guest.xml)
            }
            for host in result.hosts {
                for pool in host.pools { try context.output.write("<!-- host: \(host.host), pool: \(pool.name) -->\n" + pool.xml) }
                for network in host.networks {
                    try context.output.write("<!-- host: \(host.host), network: \(network.name) -->\n" + network.xml)
                }
            }
        }
    }
}

/// The resources a render or validation covers, for its summary line.
struct ResourceCounts {
    var pools = 0
    var networks = 0
    var volumes = 0
    var seeds = 0

    init(guests: [DesiredGuest], hosts: [DesiredHost]) {
        pools = hosts.reduce(0) { $0 + $1.pools.count }
        networks = hosts.reduce(0) { $0 + $1.networks.count }
        volumes = hosts.reduce(0) { $0 + $1.images.count } + guests.reduce(0) { $0 + $1.volumes.count }
        seeds = guests.filter { $0.seed != nil }.count
    }

    /// `, 2 pools, 1 network, 7 volumes, 3 cloud-init seeds`, or nothing when all are zero.
    var suffix: String {
        let parts = [(pools, "pool"), (networks, "network"), (volumes, "volume"), (seeds, "cloud-init seed")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
    }
}
