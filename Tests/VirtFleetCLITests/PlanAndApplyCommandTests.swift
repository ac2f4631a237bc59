import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// plan, show and apply in-process against in-memory hypervisors.
@Suite struct PlanAndApplyCommandTests {
    func hypervisors() -> [String: FakeHypervisor] {
        ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
    }

    @Test func planShowsCreatesAndExitsTwoWithDetailedExitCodes() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness(hypervisors: hypervisors())
            .run(["plan", "-i", fleet.path("inventory"), "--detailed-exitcode"])
        #expect(run.code == 2)
        #expect(run.output.contains("+ web-1  create: not defined: define, then start"))
        #expect(run.output.contains("+ db     create: not defined: define (left stopped)"))
        #expect(run.output.hasSuffix("Plan: 3 to create, 0 to update, 0 drifted, 0 to delete, 0 to start, 0 to stop.\n"))
    }

    @Test func planJSONIsTheDocumentedSchema() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness(hypervisors: hypervisors()).run(["plan", "-i", fleet.path("inventory"), "--json"])
        #expect(run.code == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(document["format_version"] as? Int == 1)
        #expect((document["summary"] as? [String: Int])?["create"] == 3)
        let hosts = try #require(document["hosts"] as? [[String: Any]])
        let entry = try #require((hosts.first?["entries"] as? [[String: Any]])?.first)
        #expect(entry["symbol"] as? String == "+")
        #expect(entry["start_after_define"] as? Bool == false)
        #expect(entry["desired_state"] as? String == "stopped")
    }

    @Test func applyWithoutATerminalRefusesAndTouchesNothing() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        let run = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.errors.contains("refusing to apply without confirmation: no terminal to ask on"))
        #expect(await fakes["hv1"]?.calls == [])
    }

    @Test func applyAsksAndDoesNothingUnlessTheAnswerIsYes() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        let run = await CommandHarness(hypervisors: fakes, answers: ["y"], stdinIsTerminal: true)
            .run(["apply", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.output.hasSuffix("Apply these changes? Only 'yes' is accepted: Apply cancelled.\n"))
        #expect(await fakes["hv1"]?.calls == [])
    }

    @Test func applyThenPlanShowsNoChanges() async throws {
        let fleet = try twoHostFleet()
        let harness = CommandHarness(hypervisors: hypervisors(), answers: ["yes"], stdinIsTerminal: true)
        let applied = await harness.run(["apply", "-i", fleet.path("inventory")])
        #expect(applied.code == 0, "\(applied.errors)")
        #expect(applied.output.contains("] hv1 web-1: create ok\n"), "hosts apply in parallel, so the counter varies")
        #expect(applied.output.hasSuffix("hv1: 2 done, 0 failed\nhv2: 1 done, 0 failed\nApply complete: 3 actions done.\n"))
        #expect(try await harness.hypervisors?["hv1"]?.state("web-1") == .running)
        let again = await harness.run(["plan", "-i", fleet.path("inventory"), "--detailed-exitcode"])
        #expect(again.code == 0)
        #expect(again.output.contains("No changes. The fleet matches the inventory."))
    }

    @Test func aSavedPlanIsShownAndAppliedAsItIs() async throws {
        let fleet = try twoHostFleet()
        let harness = CommandHarness(hypervisors: hypervisors())
        let file = fleet.path("plan.json")
        let planned = await harness.run(["plan", "-i", fleet.path("inventory"), "--out", file])
        #expect(planned.code == 0)
        let digest = try #require(planned.output.split(separator: "--sha256 ").last.map { String($0.dropLast()) })
        #expect(
            planned.output.hasSuffix(
                "Saved the plan to \(file) (SHA-256 \(digest)); apply exactly it with: virtfleet apply \(file) --sha256 \(digest)\n"))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let shown = await harness.run(["show", file])
        #expect(shown.code == 0)
        #expect(shown.output.contains("hv1\n    address: 127.0.0.11\n    uri: qemu:///session\n  + db"))
        let applied = await harness.run(["apply", file, "--sha256", digest])
        #expect(applied.code == 0, "\(applied.errors)")
        #expect(applied.output.hasSuffix("Apply complete: 3 actions done.\n"))
    }

    @Test func aStaleSavedPlanIsRefused() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        let harness = CommandHarness(hypervisors: fakes)
        let file = fleet.path("plan.json")
        _ = await harness.run(["plan", "-i", fleet.path("inventory"), "--out", file])
        await fakes["hv1"]?.addUnmanaged("intruder")
        let applied = await harness.run(["apply", file])
        #expect(applied.code == 1)
        #expect(applied.errors == "error: the plan is stale: hv1 changed since it was made; nothing was applied — run plan again\n")
        #expect(await fakes["hv2"]?.calls == [])
    }

    @Test func aSavedPlanOfAnotherFormatIsRefusedInPlainWords() async throws {
        let fleet = try twoHostFleet()
        let file = fleet.path("plan.json")
        try Data("{\"formatVersion\": 1, \"fleet\": \"lab\"}".utf8).write(to: URL(fileURLWithPath: file))
        let run = await CommandHarness().run(["show", file])
        #expect(run.code == 1)
        #expect(run.errors.contains("not a virtfleet plan file of format 3 (found 1)"))
        try Data("{\"formatVersion\": 3, \"pl".utf8).write(to: URL(fileURLWithPath: file))
        let truncated = await CommandHarness().run(["show", file])
        #expect(truncated.errors.contains("it is not complete JSON"))
    }

    @Test func anUnreachableHostFailsThePlanButTheOtherIsPlanned() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness(hypervisors: ["hv1": FakeHypervisor(host: "hv1")])
            .run(["plan", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.output.contains("hv2 UNREACHABLE: ssh hv2: connection refused"))
        #expect(run.output.contains("+ web-1"))
    }

    @Test func hostsAndInspectReportEachHost() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        await fakes["hv2"]?.addUnmanaged("handmade")
        let hosts = await CommandHarness(hypervisors: fakes).run(["hosts", "-i", fleet.path("inventory")])
        #expect(hosts.code == 0)
        #expect(hosts.output.contains("hv2   reachable"))
        let inspect = await CommandHarness(hypervisors: fakes).run(["inspect", "-i", fleet.path("inventory"), "--limit", "hv2"])
        #expect(inspect.code == 0)
        #expect(inspect.output.contains("handmade  running"))
        #expect(!inspect.output.contains("hv1"))
    }
}
