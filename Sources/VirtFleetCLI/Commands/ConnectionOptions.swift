import ArgumentParser
import VirtFleetDiagnostics
import VirtFleetInventory
import VirtFleetHypervisor
import VirtFleetRemote

/// Options for commands that reach the hypervisors.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "How many hosts to reach at once.")
    var parallelism = 10

    @Option(help: "Seconds to wait for each host's SSH connection.")
    var connectTimeout = 10

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1.") }
        guard connectTimeout >= 1 else { throw ValidationError("--connect-timeout must be at least 1 second.") }
    }

    var connector: RemoteHypervisorConnector { RemoteHypervisorConnector(connectTimeout: .seconds(connectTimeout)) }

    var observer: Observer { Observer(connector: connector, parallelism: parallelism) }

    typealias View = ([HostReport], String) -> String

    /// Observes, prints with the human or JSON view, and exits 1 when a host was unreachable.
    func report(_ inventory: InventoryOptions, json: Bool, human: View, json jsonView: View) async throws {
        do {
            let (loaded, reports) = try await observe(inventory)
            print((json ? jsonView : human)(reports, loaded.fleet), terminator: "")
            if reports.contains(where: { $0.observation == nil }) { throw ExitCode.failure }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Failure.report(error)
        }
    }

    /// Loads the inventory and observes the selected hosts.
    func observe(_ inventoryOptions: InventoryOptions) async throws -> (Inventory, [HostReport]) {
        let inventory = try InventoryLoader.load(paths: inventoryOptions.inventory)
        var hosts = inventory.hosts
        if let limit = inventoryOptions.selection {
            let unmatched = limit.unmatched(in: inventory, guests: [])
            if !unmatched.isEmpty {
                throw Diagnostic("--limit \(unmatched.map { "'\($0)'" }.joined(separator: ", ")) matches no host or group",
                                 at: nil, hint: "check the spelling; globs such as 'kvm*' are allowed")
            }
            hosts = hosts.filter { limit.selects(host: $0.name, in: inventory) }
        }
        return (inventory, await observer.observe(hosts))
    }
}
