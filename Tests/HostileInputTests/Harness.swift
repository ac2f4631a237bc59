import Foundation
import Testing
import VirtFleetCLI
import VirtFleetTestSupport

/// One run of `virtfleet ARGS`: exit code (or the signal that ended it) and both streams, with the
/// fleet's temporary folder removed from every path.
struct Outcome {
    var code: Int32
    var signal: Int32? = nil
    var output: String
    var errors: String
}

/// One hostile input: files of a throwaway fleet, the command line (`$ROOT` is the fleet's
/// folder), and what must come out: exit code, and a line of stderr (or stdout when the run
/// succeeds) that starts with `expect`.
struct HostileCase: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [String: String]
    var arguments: [String] = ["validate", "-i", "$ROOT/inv.yaml"]
    var code: Int32 = 1
    var expect: String
    /// Run the built binary as a child under prlimit instead of in-process.
    var heavy = false
    /// Runs before the command, with the fleet's folder (for symlinks, extra folders).
    var prepare: (@Sendable (URL) throws -> Void)? = nil
    /// Checks after the command, with the fleet's folder (nothing deleted, no staging left).
    var after: (@Sendable (URL) -> Void)? = nil

    var testDescription: String { name }
}

enum Runner {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func run(_ hostile: HostileCase) async throws -> Outcome {
        let fleet = try TestFleet(hostile.files)
        try FileManager.default.createDirectory(at: fleet.root, withIntermediateDirectories: true)
        try hostile.prepare?(fleet.root)
        let arguments = hostile.arguments.map { $0.replacingOccurrences(of: "$ROOT", with: fleet.root.path) }
        var outcome = hostile.heavy ? try child(arguments) : await inProcess(arguments)
        let prefix = fleet.root.path + "/"
        outcome.errors = outcome.errors.replacingOccurrences(of: prefix, with: "")
        outcome.output = outcome.output.replacingOccurrences(of: prefix, with: "")
        hostile.after?(fleet.root)
        return outcome
    }

    static func inProcess(_ arguments: [String]) async -> Outcome {
        let output = CapturedOutput()
        let errors = CapturedOutput()
        let context = CommandContext(
            output: output, errors: errors,
            terminal: TerminalFacts(stdinIsTerminal: false, stdoutIsTerminal: false, color: false),
            readLine: { nil }, connector: { _ in FakeConnector(hosts: [:]) },
            now: { Date(timeIntervalSince1970: 1_800_000_000) }, identity: "hostile@ci pid 1")
        let code = await VirtFleet.run(arguments: arguments, context: context)
        return Outcome(code: code, output: output.text, errors: errors.text)
    }

    /// The built binary under `prlimit`: 2 GB of address space and 20 s of CPU. A run that
    /// crosses either is killed by the kernel and shows here as a signal, never as a slow test.
    static func child(_ arguments: [String]) throws -> Outcome {
        let binary = repository.appendingPathComponent(".build/debug/virtfleet").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("build the executable first (swift build --build-tests): \(binary) is missing")
            return Outcome(code: -1, output: "", errors: "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = ["--as=2000000000", "--cpu=20", "--", binary] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both streams before waiting, so a full pipe cannot stall the child.
        let outText = PipeCollector(out.fileHandleForReading)
        let errText = PipeCollector(err.fileHandleForReading)
        process.waitUntilExit()
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Outcome(code: process.terminationStatus, signal: signal, output: outText.text(), errors: errText.text())
    }
}
