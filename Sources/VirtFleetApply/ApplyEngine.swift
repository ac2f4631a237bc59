import VirtFleetConcurrency
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan

/// Apply: runs a plan's changes on the hosts, in parallel across hosts (bounded), in a safe order
/// within each. First every host to change is locked and checked against the plan's fingerprint;
/// if any changed since the plan was made, nothing is applied. One host's failure never stops the others.
public struct ApplyEngine: Sendable {
    public let connector: any HypervisorConnector
    public let options: ApplyOptions
    public let progress: any ApplyProgress

    public init(
        connector: any HypervisorConnector, options: ApplyOptions = ApplyOptions(),
        progress: any ApplyProgress = SilentProgress()
    ) {
        self.connector = connector
        self.options = options
        self.progress = progress
    }

    /// A host that is connected, locked and verified unchanged since the plan.
    struct Prepared: Sendable {
        var plan: HostPlan
        var session: any HypervisorSession
        var lock: any HostLock
    }

    enum Preparation: Sendable {
        case ready(Prepared)
        case stale(HostPlan, any HypervisorSession, any HostLock)
        case failed(String, HostFailure)
    }

    /// - Parameter seeds: the cloud-init seed images the plan uploads, by SHA-256 (rebuilt from the
    ///   inventory: a plan holds only their hashes).
    public func apply(_ plan: Plan, hosts: [HypervisorHost], seeds: [String: [UInt8]] = [:]) async throws -> ApplyReport {
        let byName = Dictionary(hosts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var results: [ApplyReport.HostResult] = plan.hosts.compactMap { host in
            host.unreachable.map { .init(host: host.host, failure: .unreachableWhenPlanned($0), outcomes: []) }
        }
        let acts = { (entry: PlanEntry) in entry.hasChange || (self.options.restart && entry.action == .restart) }
        let work = plan.hosts.filter { $0.unreachable == nil && ($0.hasResourceChanges || $0.entries.contains(where: acts)) }
        let preparations = await Bounded.map(work, width: options.parallelism) { hostPlan in
            await prepare(hostPlan, host: byName[hostPlan.host])
        }
        let stale = preparations.compactMap { if case .stale(let p, _, _) = $0 { p.host } else { nil } }
        if !stale.isEmpty {
            await Bounded.forEach(preparations, width: options.parallelism) { await Self.release($0) }
            throw ApplyRefusal.stale(hosts: stale)
        }
        // Guests whose old copy stays where it is (delete failed or never ran) are not created elsewhere.
        var blocked: [String: String] = [:]
        for case let .failed(host, reason) in preparations {
            results.append(.init(host: host, failure: reason, outcomes: []))
            for entry in plan.hosts.first(where: { $0.host == host })?.entries ?? [] where entry.action == .delete {
                blocked[entry.guest] = host
            }
        }
        let ready = preparations.compactMap { if case .ready(let p) = $0 { p } else { nil } }
        let counter = ProgressCounter(
            sink: progress, total: ready.reduce(0) { $0 + HostApplier.stepCount($1.plan, restart: options.restart) })
        let appliers = ready.map { prepared in
            HostApplier(
                host: prepared.plan.host, steps: GuestSteps(session: prepared.session, fleet: plan.fleet, options: options),
                resources: ResourceSteps(session: prepared.session, seeds: seeds), counter: counter)
        }
        // Deletes everywhere first: a guest moving hosts is removed from the old one before it is created anew.
        let deletes = await Bounded.map(Array(zip(appliers, ready)), width: options.parallelism) { applier, prepared in
            await applier.runDeletes(prepared.plan)
        }
        for (prepared, outcomes) in zip(ready, deletes) {
            for outcome in outcomes where outcome.failure != nil && outcome.resource == nil {
                blocked[outcome.guest] = prepared.plan.host
            }
        }
        let frozenBlocked = blocked
        let applied = await Bounded.map(Array(zip(appliers, ready).enumerated()), width: options.parallelism) { item in
            let (index, (applier, prepared)) = item
            let outcomes = await applier.runRest(prepared.plan, blocked: frozenBlocked)
            await Self.release(.ready(prepared))
            return ApplyReport.HostResult(host: prepared.plan.host, failure: nil, outcomes: deletes[index] + outcomes)
        }
        results += applied
        let order = Dictionary(plan.hosts.enumerated().map { ($1.host, $0) }, uniquingKeysWith: { a, _ in a })
        return ApplyReport(hosts: results.sorted { order[$0.host, default: 0] < order[$1.host, default: 0] })
    }

    private func prepare(_ plan: HostPlan, host: HypervisorHost?) async -> Preparation {
        guard let host else { return .failed(plan.host, .unknownHost) }
        let session: any HypervisorSession
        do {
            session = try await connector.connect(to: host)
        } catch {
            return .failed(plan.host, .hypervisor(error))
        }
        let lock: any HostLock
        do {
            lock = try await session.lock(holder: options.holder)
        } catch {
            await session.close()
            return .failed(plan.host, .hypervisor(error))
        }
        do {
            // The same scope as when planned, so the fingerprints compare like with like.
            let observation = try await plan.scope.isEmpty ? session.observe() : session.observe(plan.scope)
            if HostFingerprint.of(observation) != plan.fingerprint { return .stale(plan, session, lock) }
            return .ready(Prepared(plan: plan, session: session, lock: lock))
        } catch {
            await lock.release()
            await session.close()
            return .failed(plan.host, .hypervisor(error))
        }
    }

    private static func release(_ preparation: Preparation) async {
        switch preparation {
        case .ready(let prepared):
            await prepared.lock.release()
            await prepared.session.close()
        case .stale(_, let session, let lock):
            await lock.release()
            await session.close()
        case .failed:
            break
        }
    }
}
