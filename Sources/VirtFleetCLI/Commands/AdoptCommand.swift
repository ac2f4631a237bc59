import ArgumentParser
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan

/// `virtfleet adopt GUEST…`: brings existing hand-made domains under management. Each must be a
/// domain without any virtfleet mark whose name is a guest the inventory declares on that host.
/// It shows how the domain differs from the declared document and, once confirmed, writes this
/// fleet's mark (without hashes): the next apply defines the inventory's document over it,
/// keeping the domain's UUID.
struct AdoptCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Take existing unmanaged domains under management as the inventory's guests of the same name.",
        discussion: """
            Never adopts a domain another fleet manages. Shows each domain's differences from the \
            declared document, asks for 'yes' (or --auto-approve), then writes the fleet's mark under the \
            host's apply lock. Nothing else changes until the next apply, which defines the inventory's \
            document and keeps the domain's UUID.
            """)

    @Argument(help: "Guests to adopt (names the inventory declares).")
    var guests: [String] = []

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Skip the confirmation.")
    var autoApprove = false

    func validate() throws {
        try inventory.require()
        if guests.isEmpty { throw ValidationError("Name the guests to adopt: virtfleet adopt -i INVENTORY GUEST…") }
        if inventory.limit != nil { throw ValidationError("adopt takes guest names, not --limit.") }
    }

    /// One domain to adopt, with how it differs from the declared document.
    private struct Candidate {
        var guest: DesiredGuest
        var differences: [DomainSubset.Mismatch]
    }

    func run(_ context: CommandContext) async throws {
        let rendered = try RenderPipeline.run(inventoryPaths: inventory.inventory, limit: nil)
        try RenderPipeline.report(rendered.warnings, to: context)
        let declared = Dictionary(rendered.present.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let wanted = try guests.map { name in
            guard let guest = declared[name] else {
                throw ValidationError(
                    "'\(name)' is not a guest the inventory declares (or it is declared absent)"
                        + (Suggestion.hint(for: name, in: declared.keys.sorted()).map { " — \($0)" } ?? ""))
            }
            return guest
        }
        let connector = context.connector(connection)
        var failed = false
        for host in Set(wanted.map { $0.host }).sorted() {
            guard let target = rendered.inventory.host(named: host) else { continue }
            failed =
                try await adopt(
                    wanted.filter { $0.host == host }, on: target, fleet: rendered.inventory.fleet, connector: connector,
                    context: context) || failed
        }
        if failed { throw ExitCode.failure }
    }

    /// Adopts the guests on one host, under its apply lock; true when any could not be adopted.
    private func adopt(
        _ guests: [DesiredGuest], on host: HypervisorHost, fleet: String, connector: any HypervisorConnector,
        context: CommandContext
    ) async throws -> Bool {
        let session = try await connector.connect(to: host)
        let outcome: Result<Bool, any Error>
        do {
            let lock = try await session.lock(holder: context.lockHolder)
            do {
                outcome = .success(try await adopt(guests, on: host, fleet: fleet, session: session, context: context))
            } catch {
                outcome = .failure(error)
            }
            await lock.release()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        return try outcome.get()
    }

    private func adopt(
        _ guests: [DesiredGuest], on host: HypervisorHost, fleet: String, session: any HypervisorSession,
        context: CommandContext
    ) async throws -> Bool {
        let observation = try await session.observe()
        var candidates: [Candidate] = []
        var refused = false
        for guest in guests {
            guard let domain = observation.domains.first(where: { $0.name == guest.name }) else {
                try context.errors.line("error: \(guest.name): no domain of that name on \(host.name): nothing to adopt (plan creates it)")
                refused = true
                continue
            }
            if let owner = domain.owner {
                try context.errors.line(
                    owner.fleet == fleet
                        ? "error: \(guest.name): already managed by fleet '\(owner.fleet)' on \(host.name)"
                        : "error: \(guest.name): managed by fleet '\(owner.fleet)' on \(host.name); virtfleet never takes another fleet's domain"
                )
                refused = true
                continue
            }
            let kept = Planner.keepingUUID(of: domain.uuid, guest)
            let observedRoot = try LibXMLParser.parse(domain.inactiveXML, file: guest.name)
            let differences = DomainSubset.mismatches(
                DomainHash.withoutOwnership(kept.domain), in: observedRoot, ignoring: Secrets.attributes)
            candidates.append(Candidate(guest: kept, differences: differences))
        }
        guard !candidates.isEmpty else { return refused }
        for candidate in candidates {
            let count = candidate.differences.count
            try context.output.line(
                "~ \(Printable.line(candidate.guest.name)) on \(host.name): adopt (UUID \(candidate.guest.uuid) kept); "
                    + (count == 0 ? "matches the inventory" : "the next apply changes \(count) thing\(count == 1 ? "" : "s"):"))
            for difference in candidate.differences { try context.output.line("      " + Printable.line(difference.description)) }
        }
        if !autoApprove {
            do {
                try ApplyPipeline.confirm(
                    "Adopt these domains into fleet '\(fleet)'?", verb: "adopt", refusal: "pass --auto-approve", context: context)
            } catch is ExitCode {
                return true
            }
        }
        for candidate in candidates {
            let mark = OwnershipMetadata(fleet: fleet, guest: candidate.guest.name)
            try await session.setOwnership(of: candidate.guest.name, element: XMLWriter.string(from: mark.bareElement))
            try context.output.line("adopted \(Printable.line(candidate.guest.name)) on \(host.name)")
        }
        return refused
    }
}
