import ArgumentParser
import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain

/// Prints located problems, one per line on stderr, and turns them into exit code 1.
enum Failure {
    static func report(_ error: Error) -> ExitCode {
        switch error {
        case let list as DiagnosticList:
            for diagnostic in list.diagnostics { printError(diagnostic.description) }
            if list.diagnostics.count > 1 { printError("\(list.diagnostics.count) problems found") }
        case let diagnostic as Diagnostic:
            printError(diagnostic.description)
        case let failure as RelaxNGValidator.Failure:
            printError("error: \(failure)")
        default:
            printError("error: \(error)")
        }
        return .failure
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
