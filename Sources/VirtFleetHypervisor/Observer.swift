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

    /// Reports in the order of `hosts`.
    public func observe(_ hosts: [HypervisorHost]) async -> [HostReport] {
        await Bounded.map(hosts, width: parallelism) { await self.observe($0) }
    }

    public func observe(_ host: HypervisorHost) async -> HostReport {
        do {
            let session = try await connector.connect(to: host)
            do {
                let observation = try await session.observe()
                await session.close()
                return HostReport(host: host.name, outcome: .observed(observation))
            } catch {
                await session.close()
                throw error
            }
        } catch {
            return HostReport(host: host.name, outcome: .unreachable(String(describing: error)))
        }
    }
}
