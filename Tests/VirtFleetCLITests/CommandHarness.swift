import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// One in-process run of `virtfleet ARGS` against fakes: what it printed and its exit code.
struct CommandRun {
    var code: Int32
    var output: String
    var errors: String
}

/// Runs commands in-process exactly as the executable does, with captured streams. Anything
/// the test did not provide fails loudly: a connector when no hypervisors were given, reading
/// the terminal when no answers were given.
struct CommandHarness {
    var hypervisors: [String: FakeHypervisor]?
    var answers: [String]?
    var stdinIsTerminal = false
    var failingOutput = false

    func run(_ arguments: [String]) async -> CommandRun {
        let output = CapturedOutput(failing: failingOutput)
        let errors = CapturedOutput()
        let hypervisors = self.hypervisors
        let answers = Answers(answers)
        let context = CommandContext(
            output: output, errors: errors,
            terminal: TerminalFacts(stdinIsTerminal: stdinIsTerminal, stdoutIsTerminal: false, color: false),
            readLine: { answers.next() },
            connector: { _ in
                guard let hypervisors else {
                    Issue.record("the command reached for a hypervisor, which this test does not expect")
                    return FakeConnector(hosts: [:])
                }
                return FakeConnector(hosts: hypervisors)
            },
            now: { Date(timeIntervalSince1970: 1_800_000_000) },
            identity: "tester@ci pid 1")
        let code = await VirtFleet.run(arguments: arguments, context: context)
        return CommandRun(code: code, output: output.text, errors: errors.text)
    }
}

/// Terminal answers a test provides; asking for one it did not provide is a test failure.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [String]?

    init(_ answers: [String]?) {
        remaining = answers
    }

    func next() -> String? {
        lock.withLock {
            guard let first = remaining?.first else {
                Issue.record("the command asked on the terminal, which this test does not expect")
                return nil
            }
            remaining?.removeFirst()
            return first
        }
    }
}

/// A small fleet on two hosts: `web-1`, `web-2` (running, spread over both) and `db` (stopped, on hv1).
func twoHostFleet(webCount: Int = 2) throws -> TestFleet {
    try TestFleet([
        "inventory/fleet.yaml": """
        fleet: lab
        templates: ../templates
        hosts:
          hv1: { address: 127.0.0.11, uri: "qemu:///session" }
          hv2: { address: 127.0.0.12, uri: "qemu:///session" }
        groups:
          both: { hosts: [hv1, hv2] }
        guests:
          - { name: "web-{{ index }}", template: small, count: \(webCount), group: both, state: running }
          - { name: db, template: small, host: hv1, state: stopped }
        """,
        "templates/small.yaml": TestFleet.smallTemplate,
    ])
}
