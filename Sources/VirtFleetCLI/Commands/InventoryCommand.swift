import ArgumentParser
import VirtFleetConcurrency
import VirtFleetHypervisor
import VirtFleetInventory

/// `virtfleet inventory`: the fleet's guests as an Ansible inventory.
struct InventoryCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Print the fleet's guests as an Ansible inventory (dynamic-inventory JSON, or static YAML).",
        discussion: """
            Groups: each virtfleet group of the guest's hypervisor, hypervisor_HOST and template_NAME. \
            Host variables: virtfleet_hypervisor, virtfleet_uuid, virtfleet_macs, virtfleet_state, virtfleet_template; \
            with --observe also virtfleet_observed_state, virtfleet_addresses (what libvirt knows from DHCP leases, \
            the guest agent and ARP) and ansible_host. As an Ansible inventory script: a file with \
            'exec virtfleet inventory -i INVENTORY --observe "$@"', made executable (docs/ansible.md).
            """)

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: FormatOptions<InventoryFormats>

    @Flag(help: "Print every group and host with their variables (Ansible's --list; the default).")
    var list = false

    @Option(help: ArgumentHelp("Print one guest's variables (Ansible's --host).", valueName: "guest"))
    var host: String?

    @Flag(help: "Ask the hypervisors for each guest's state and the IP addresses libvirt knows.")
    var observe = false

    func validate() throws {
        try inventory.require()
        if list, host != nil { throw ValidationError("--list and --host cannot be combined.") }
        if host != nil, output.chosen == .yaml { throw ValidationError("--host prints JSON, as Ansible asks for it.") }
    }

    func run(_ context: CommandContext) async throws {
        let rendered = try RenderPipeline.run(inventoryPaths: inventory.inventory, limit: inventory.selection)
        try RenderPipeline.report(rendered.warnings, to: context)
        let guests = rendered.present
        var observed: [String: AnsibleInventoryView.Observation]?
        if observe {
            observed = try await Self.observe(
                guests.map { ($0.host, $0.name) }, inventory: rendered.inventory, connection: connection, context: context)
        }
        let view = AnsibleInventoryView(guests: guests, inventory: rendered.inventory, observed: observed)
        if let host {
            try context.output.write(view.host(host))
        } else if output.chosen == .yaml {
            try context.output.write(try view.yaml())
        } else {
            try context.output.write(view.list())
        }
    }

    /// Each guest's state on its host and, while it runs, its addresses. An unreachable host is
    /// an error (the inventory would otherwise silently lack its guests' addresses).
    private static func observe(
        _ guests: [(host: String, name: String)], inventory: Inventory, connection: ConnectionOptions,
        context: CommandContext
    ) async throws -> [String: AnsibleInventoryView.Observation] {
        let hosts = inventory.hosts.filter { host in guests.contains { $0.host == host.name } }
        let connector = context.connector(connection)
        let results = await Bounded.map(hosts, width: connection.parallelism) {
            host -> Result<[String: AnsibleInventoryView.Observation], HypervisorError> in
            let session: any HypervisorSession
            do throws(HypervisorError) {
                session = try await connector.connect(to: host)
            } catch {
                return .failure(error)
            }
            let outcome: Result<[String: AnsibleInventoryView.Observation], HypervisorError>
            do throws(HypervisorError) {
                let observation = try await session.observe()
                var found: [String: AnsibleInventoryView.Observation] = [:]
                for guest in guests where guest.host == host.name {
                    guard let domain = observation.domains.first(where: { $0.name == guest.name }) else {
                        found[guest.name] = AnsibleInventoryView.Observation(state: nil, addresses: [])
                        continue
                    }
                    let addresses = domain.isRunning ? try await session.addresses(of: guest.name) : []
                    found[guest.name] = AnsibleInventoryView.Observation(state: domain.state.rawValue, addresses: addresses)
                }
                outcome = .success(found)
            } catch {
                outcome = .failure(error)
            }
            await session.close()
            return outcome
        }
        var all: [String: AnsibleInventoryView.Observation] = [:]
        for result in results {
            switch result {
            case .success(let found): all.merge(found) { first, _ in first }
            case .failure(let error): throw error
            }
        }
        return all
    }
}

/// `inventory`: Ansible's JSON (the default) or a static YAML inventory.
enum InventoryFormats: OutputFormats {
    static var supported: [OutputFormat] { [.json, .yaml] }
}
