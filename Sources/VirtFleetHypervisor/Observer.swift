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

    /// What a first observation shows must be read too (a wider scope), on the same connection.
    public typealias Widening = @Sendable (ObservationScope, HostObservation) -> ObservationScope

    /// Reports in the order of `hosts`. `scopes` says per host name what to read besides domains
    /// (pools, volumes, networks); a host without one, or with an empty one, is asked for domains
    /// only. With `widen`, a host whose first observation calls for a wider scope is read again
    /// with it on the same connection (one more round trip, only then); each report says the
    /// scope it was made with.
    public func observe(
        _ hosts: [HypervisorHost], scopes: [String: ObservationScope] = [:], widen: Widening? = nil
    ) async -> [HostReport] {
        await Bounded.map(hosts, width: parallelism) { await self.observe($0, scope: scopes[$0.name] ?? .domainsOnly, widen: widen) }
    }

    public func observe(_ host: HypervisorHost, scope: ObservationScope = .domainsOnly, widen: Widening? = nil) async -> HostReport {
        let session: any HypervisorSession
        do {
            session = try await connector.connect(to: host)
        } catch {
            return HostReport(host: host.name, outcome: .unreachable(error), scope: scope)
        }
        var scope = scope
        let outcome: HostReport.Outcome
        do {
            var observation = try await Self.observe(session, scope)
            if let wider = widen?(scope, observation), wider != scope {
                scope = wider
                observation = try await Self.observe(session, scope)
            }
            outcome = .observed(observation)
        } catch {
            outcome = .unreachable(error)
        }
        await session.close()
        return HostReport(host: host.name, outcome: outcome, scope: scope)
    }

    private static func observe(_ session: any HypervisorSession, _ scope: ObservationScope) async throws(HypervisorError)
        -> HostObservation
    {
        try await scope.isEmpty ? session.observe() : session.observe(scope)
    }
}
