import VirtFleetApply
import VirtFleetDiagnostics
import VirtFleetHypervisor

/// Any error that ends a command, and the warnings of a run, as the lines printed on standard error.
enum ProblemView {
    /// `warning: file:line:column: message — hint`, one line per warning.
    static func lines(for warnings: [Warning]) -> [String] {
        warnings.map { Printable.line($0.description) }
    }

    static func lines(for error: any Error) -> [String] {
        switch error {
        case let list as DiagnosticList:
            list.diagnostics.map { Printable.line($0.description) }
                + (list.diagnostics.count > 1 ? ["\(list.diagnostics.count) problems found"] : [])
        case let diagnostic as Diagnostic:
            [Printable.line(diagnostic.description)]
        case let error as HypervisorError:
            ["error: \(Printable.line(error.message))"]
        case ApplyRefusal.stale(let hosts):
            [
                "error: the plan is stale: \(Printable.text(hosts.joined(separator: ", "))) changed since it was made; nothing was applied — run plan again"
            ]
        default:
            ["error: \(Printable.line(String(describing: error)))"]
        }
    }
}
