import VirtFleetHypervisor
import VirtFleetPlan

/// The plan for machines: the documented, versioned schema of docs/json.md.
/// Desired XML is left out (it may hold secrets); everything else is there.
enum JSONPlanView {
    /// The version of this document's schema (not of the saved plan file).
    static let formatVersion = 1

    struct Document: Encodable {
        var formatVersion: Int
        var fleet: String
        var hasChanges: Bool
        var summary: [String: Int]
        var hosts: [Host]

        struct Host: Encodable {
            var host: String
            var reachable: Bool
            var error: String?
            var fingerprint: String?
            var entries: [Entry]
        }

        struct Entry: Encodable {
            var guest: String
            var action: String
            var symbol: String
            var reason: String
            var desiredState: String
            var startAfterDefine: Bool
            var stopAfterDefine: Bool
            var restartNeeded: Bool
            var changes: [String]
            var movesFrom: String?
            var desiredHash: String?
            var observed: ObservedFingerprint?
        }
    }

    static func render(_ plan: Plan) -> String {
        var summary: [String: Int] = [:]
        for action in PlanEntry.Action.allCases { summary[action.rawValue] = plan.count(action) }
        let document = Document(
            formatVersion: formatVersion, fleet: plan.fleet, hasChanges: plan.hasChanges, summary: summary,
            hosts: plan.hosts.map { host in
                .init(
                    host: host.host, reachable: host.unreachable == nil, error: host.unreachable?.message,
                    fingerprint: host.fingerprint,
                    entries: host.entries.map { e in
                        .init(
                            guest: e.guest, action: e.action.rawValue, symbol: PlanWording.symbol(e.action),
                            reason: PlanWording.reason(e), desiredState: e.desiredState.rawValue,
                            startAfterDefine: e.afterDefine == .start, stopAfterDefine: e.afterDefine == .stop,
                            restartNeeded: e.restartNeeded, changes: PlanWording.differences(e),
                            movesFrom: e.movesFrom, desiredHash: e.definition?.hash, observed: e.observed)
                    })
            })
        return JSONOutput.text(document)
    }
}
