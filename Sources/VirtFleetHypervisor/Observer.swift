import VirtFleetConcurrency
import VirtFleetInventory

/// Observes many hosts at once, at most `parallelism` in flight; an unreachable host is
/// reported as such and the others go on.
public struct Observer: Sendable {
    public let connector: any HypervisorConnector
    public let parallelism: Int

    public init(connector: any HypervisorConnector, parallelism: Int = 10) {
        self.connector = connector
        self.parallelism = max(1, parallelism)
    }

    /// Reports in the order of `hosts`. `scopes` says per host name what to read besides domains
    /// (pools, volumes, networks); a host without one, or with an empty one, is asked for domains only.
    public func observe(_ hosts: [HypervisorHost], scopes: [String: ObservationScope] = [:]) async -> [HostReport] {
        await Bounded.map(hosts, width: parallelism) { await self.observe($0, scope: scopes[$0.name] ?? .domainsOnly) }
    }

    public func observe(_ host: HypervisorHost, scope: ObservationScope = .domainsOnly) async -> HostReport {
        let session: any HypervisorSession
        do {
            session = try await connector.connect(to: host)
        } catch {
            return HostReport(host: host.name, outcome: .unreachable(error))
        }
        let outcome: HostReport.Outcome
        do {
            outcome = .observed(try await scope.isEmpty ? session.observe() : session.observe(scope))
        } catch {
            outcome = .unreachable(error)
        }
        await session.close()
        return HostReport(host: host.name, outcome: outcome)
    }
}
