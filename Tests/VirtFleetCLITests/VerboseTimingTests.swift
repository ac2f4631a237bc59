import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// `-v/--verbose`: each apply step's time on standard error, one line per step, the plan on
/// standard output unchanged.
@Suite struct VerboseTimingTests {
    @Test func applyVerbosePrintsEachStepsTimeOnStandardError() async throws {
        let fleet = try twoHostFleet()
        let fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        let run = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory"), "--auto-approve", "-v"])
        #expect(run.code == 0, "\(run.errors)")
        let lines = run.errors.split(separator: "\n").map(String.init)
        for (host, step) in [("hv1", "create web-1"), ("hv1", "create db"), ("hv2", "create web-2")] {
            #expect(
                lines.contains { line in
                    line.hasPrefix("virtfleet: \(host): \(step) ") && line.hasSuffix(" ms")
                        && Double(line.dropLast(3).split(separator: " ").last ?? "") != nil
                },
                "no timing line for \(host) \(step) in:\n\(run.errors)")
        }
        let quiet = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory"), "--auto-approve"])
        #expect(!quiet.errors.contains(" ms"), "timings only with --verbose")
    }

    @Test func planVerboseStillListsGuestsWithNoChange() async throws {
        let fleet = try twoHostFleet()
        let fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        _ = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory"), "--auto-approve"])
        let run = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory"), "-v"])
        #expect(run.output.contains("web-1"), "\(run.output)")
    }
}
