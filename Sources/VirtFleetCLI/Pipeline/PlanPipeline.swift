import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan

/// The pipeline as the design reads: load → expand → select → observe → plan.
enum PlanPipeline {
    struct Result: Sendable {
        var inventory: Inventory
        var plan: Plan
        /// Expansion's warnings about the selected guests.
        var warnings: [Warning]
        /// The cloud-init seed images of the selected guests, by SHA-256, for apply to upload.
        var seeds: [String: [UInt8]]
    }

    static func run(inventoryPaths: [String], limit: Limit?, observer: Observer) async throws -> Result {
        let inventory = try InventoryLoader.load(paths: inventoryPaths)
        let selection = Selection(limit: limit, inventory: inventory)
        // Reaching a host (SSH handshake, libvirt open, every domain read) takes longer than
        // expanding the inventory, so the hosts planned whatever the guests turn out to be are
        // observed meanwhile, with the pools and networks the inventory declares for them (a
        // superset of what the plan needs: every pool a guest uses must be declared for its host).
        // Should expansion fail, that observation is cancelled, not awaited. Each host is observed
        // once.
        let early = selection.hostsToObserveWhateverTheGuests
        let earlyScopes = Self.declaredScopes(early, in: inventory)
        let planner = Planner(fleet: inventory.fleet)
        // Pools that only a mark names (a removed guest's) are read too, to check its volumes' deletion.
        let widen: Observer.Widening = { planner.widened($0, for: $1) }
        let earlyObservation = Task { await observer.observe(early, scopes: earlyScopes, widen: widen) }
        let rendered: RenderPipeline.Result
        do {
            rendered = try RenderPipeline.run(inventory: inventory, limit: limit)
        } catch {
            earlyObservation.cancel()
            throw error
        }
        let hosts = selection.hostsToObserve(for: rendered.guests)
        let scopes = Self.scopes(hosts: hosts, rendered: rendered)
        let imageCheck = Task { ImageCheck.problems(Self.images(rendered.hosts, on: hosts)) }
        let observedEarly = Set(early.map(\.name))
        let late = await observer.observe(hosts.filter { !observedEarly.contains($0.name) }, scopes: scopes, widen: widen)
        var observed = Dictionary((await earlyObservation.value).map { ($0.host, $0) }, uniquingKeysWith: { first, _ in first })
        for report in late { observed[report.host] = report }
        let problems = await imageCheck.value
        if !problems.isEmpty { throw DiagnosticList(problems) }
        let reports = hosts.compactMap { observed[$0.name] }
        var plan = planner.plan(
            desired: rendered.guests, hosts: rendered.hosts, reports: reports,
            mayDelete: selection.mayDelete)
        for index in plan.hosts.indices {
            plan.hosts[index].access = inventory.host(named: plan.hosts[index].host)?.access
        }
        let uploaded = Set(plan.entries.compactMap(\.seed).filter { $0.action.isChange }.map(\.hash))
        return Result(inventory: inventory, plan: plan, warnings: rendered.warnings, seeds: seeds(rendered.guests, only: uploaded))
    }

    /// What each host is observed for besides domains (`Planner.scope`, the one home of that rule).
    static func scopes(hosts: [HypervisorHost], rendered: RenderPipeline.Result) -> [String: ObservationScope] {
        let declared = Dictionary(rendered.hosts.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
        let guests = Dictionary(grouping: rendered.guests, by: \.host)
        var scopes: [String: ObservationScope] = [:]
        for host in hosts {
            let scope = Planner.scope(for: declared[host.name], guests: guests[host.name] ?? [])
            if !scope.isEmpty { scopes[host.name] = scope }
        }
        return scopes
    }

    /// What each host is observed for before expansion: the pools and networks declared for it.
    static func declaredScopes(_ hosts: [HypervisorHost], in inventory: Inventory) -> [String: ObservationScope] {
        var scopes: [String: ObservationScope] = [:]
        for host in hosts {
            let scope = Planner.scope(
                declaredPools: inventory.pools(on: host.name).map(\.name), networks: inventory.networks(on: host.name).map(\.name))
            if !scope.isEmpty { scopes[host.name] = scope }
        }
        return scopes
    }

    /// The images uploaded to the observed hosts, each once.
    static func images(_ declared: [DesiredHost], on hosts: [HypervisorHost]) -> [DesiredImage] {
        let names = Set(hosts.map(\.name))
        var seen = Set<String>()
        return declared.filter { names.contains($0.host) }.flatMap(\.images).filter { seen.insert($0.localPath).inserted }
    }

    /// The seeds by hash: all apply needs of them, checked again against the plan's hashes.
    /// Only those in `only` when given: a seed is rebuilt whole (padding included) just for an upload.
    static func seeds(_ guests: [DesiredGuest], only: Set<String>? = nil) -> [String: [UInt8]] {
        Dictionary(
            guests.compactMap(\.seed).filter { only?.contains($0.hash) ?? true }.map { ($0.hash, $0.image) },
            uniquingKeysWith: { a, _ in a })
    }
}

/// The local base-image files as the plan or inventory declares them: the size, and the SHA-256
/// when declared. Checked once per run (when planning; before applying a saved plan), since
/// hashing a large image takes seconds.
enum ImageCheck {
    static func problems(_ images: [DesiredImage]) -> [Diagnostic] {
        images.compactMap { image in
            guard let sha256 = image.sha256 else { return nil }
            return problem(path: image.localPath, size: nil, sha256: sha256, at: image.location, name: image.name)
        }
    }

    /// The saved plan's uploads, against the files as they are now.
    static func problems(_ plan: Plan, file: String) -> [Diagnostic] {
        var seen = Set<String>()
        return plan.hosts.flatMap(\.images).compactMap { image in
            guard case .upload(let upload) = image.change, seen.insert(upload.localPath).inserted else { return nil }
            return problem(path: upload.localPath, size: upload.size, sha256: upload.sha256, at: .file(file), name: image.name)
        }
    }

    private static func problem(path: String, size: UInt64?, sha256: String?, at location: SourceLocation, name: String) -> Diagnostic? {
        if let size {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard let found = (attributes?[.size] as? NSNumber)?.uint64Value else {
                return Diagnostic("image '\(name)': cannot read \(path)", at: location, hint: "the plan uploads it; plan again")
            }
            guard found == size else {
                return Diagnostic(
                    "image '\(name)': \(path) has \(found) bytes, the plan uploads \(size) bytes", at: location,
                    hint: "the file changed since the plan was made; plan again")
            }
        }
        guard let sha256 else { return nil }
        guard let actual = Digests.sha256Hex(contentsOf: path) else {
            return Diagnostic("image '\(name)': cannot read \(path)", at: location, hint: nil)
        }
        guard actual == sha256.lowercased() else {
            return Diagnostic(
                "image '\(name)': the SHA-256 of \(path) is \(actual), not the declared \(sha256.lowercased())", at: location,
                hint: "the file is not the image the inventory declares: fetch it again, or declare its new checksum")
        }
        return nil
    }
}
