import VirtFleetApply
import VirtFleetPlan

/// The closing lines of `apply`: per host what was done and what failed, and why.
enum ApplySummary {
    static func render(_ report: ApplyReport, plan: Plan) -> String {
        var text = "\n"
        for host in report.hosts {
            if let error = host.error {
                text += "\(host.host): not applied — \(error.oneLine)\n"
                continue
            }
            let failed = host.outcomes.filter { $0.error != nil }
            text += "\(host.host): \(host.outcomes.count - failed.count) done, \(failed.count) failed\n"
            for outcome in failed { text += "  \(outcome.guest): \(outcome.action) failed: \((outcome.error ?? "").oneLine)\n" }
        }
        for entry in plan.entries where entry.action == .conflict {
            text += "\(entry.host): \(entry.guest): conflict — \(entry.reason)\n"
        }
        text += report.failed || plan.hasErrors
            ? "Apply finished with errors: \(report.succeededCount) actions done, \(report.failedCount) failed.\n"
            : "Apply complete: \(report.succeededCount) actions done.\n"
        return text
    }
}
