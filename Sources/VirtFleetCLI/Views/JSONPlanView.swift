import VirtFleetHypervisor
import VirtFleetPlan
import Foundation

/// The plan for machines: the documented, versioned schema of docs/json.md.
/// Desired XML is left out (it may hold secrets); everything else is there.
public enum JSONPlanView {
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

    public static func render(_ plan: Plan) -> String {
        var summary: [String: Int] = [:]
        for action in PlanEntry.Action.allCases { summary[action.rawValue] = plan.count(action) }
        let document = Document(
            formatVersion: Plan.formatVersion, fleet: plan.fleet, hasChanges: plan.hasChanges, summary: summary,
            hosts: plan.hosts.map { host in
                .init(host: host.host, reachable: host.error == nil, error: host.error, fingerprint: host.fingerprint,
                      entries: host.entries.map { e in
                          .init(guest: e.guest, action: e.action.rawValue, symbol: HumanPlanView.symbol(e.action),
                                reason: e.reason, desiredState: e.desiredState, startAfterDefine: e.startAfterDefine,
                                stopAfterDefine: e.stopAfterDefine, restartNeeded: e.restartNeeded, changes: e.changes,
                                movesFrom: e.movesFrom, desiredHash: e.desiredHash, observed: e.observed)
                      })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }
}
