import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// `virtfleet destroy` in-process against in-memory hypervisors: only this fleet's domains go.
@Suite struct DestroyCommandTests {
    func applied() async throws -> (TestFleet, [String: FakeHypervisor]) {
        let fleet = try twoHostFleet()
        let fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        let apply = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory"), "--auto-approve"])
        #expect(apply.code == 0, "\(apply.output)\(apply.errors)")
        await fakes["hv1"]?.addUnmanaged("handmade")
        return (fleet, fakes)
    }

    @Test func destroyRemovesEveryDomainTheFleetOwnsAndNothingElse() async throws {
        let (fleet, fakes) = try await applied()
        let run = await CommandHarness(hypervisors: fakes).run(["destroy", "-i", fleet.path("inventory"), "--auto-approve"])
        #expect(run.code == 0, "\(run.output)\(run.errors)")
        #expect(run.output.contains("- web-1  delete: destroy: stop, then undefine (disk images are kept)"), "\(run.output)")
        #expect(await fakes["hv1"]?.domains.keys.sorted() == ["handmade"], "the unmanaged domain stays")
        #expect(await fakes["hv2"]?.domains.isEmpty == true)
        let again = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory"), "--detailed-exitcode"])
        #expect(again.code == 2, "the fleet is still declared: plan creates it again")
    }

    @Test func withoutATerminalOrApprovalNothingIsDestroyed() async throws {
        let (fleet, fakes) = try await applied()
        let run = await CommandHarness(hypervisors: fakes).run(["destroy", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.errors.contains("refusing to destroy without confirmation"))
        #expect(await fakes["hv1"]?.domains.count == 3)
    }

    @Test func anAnswerOtherThanYesCancels() async throws {
        let (fleet, fakes) = try await applied()
        let run = await CommandHarness(hypervisors: fakes, answers: ["y"], stdinIsTerminal: true)
            .run(["destroy", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.output.contains("Destroy cancelled."))
        #expect(await fakes["hv2"]?.domains.count == 1)
    }

    @Test func limitNarrowsItToSomeGuests() async throws {
        let (fleet, fakes) = try await applied()
        let run = await CommandHarness(hypervisors: fakes)
            .run(["destroy", "-i", fleet.path("inventory"), "--limit", "web-*", "--auto-approve"])
        #expect(run.code == 0, "\(run.output)\(run.errors)")
        #expect(await fakes["hv1"]?.domains.keys.sorted() == ["db", "handmade"])
    }

    @Test func aSavedDestroyPlanIsAppliedWithoutTheInventoryAndRefusedWithIt() async throws {
        let (fleet, fakes) = try await applied()
        let file = fleet.path("destroy.json")
        let saved = await CommandHarness(hypervisors: fakes).run(["destroy", "-i", fleet.path("inventory"), "--out", file])
        #expect(saved.code == 0, "\(saved.errors)")
        #expect(await fakes["hv2"]?.domains.count == 1, "--out destroys nothing")
        let withInventory = await CommandHarness(hypervisors: fakes).run(["apply", file, "-i", fleet.path("inventory")])
        #expect(withInventory.code == 1)
        #expect(withInventory.errors.contains("it is a destroy plan"), "\(withInventory.errors)")
        let digest = try #require(saved.output.firstMatch(of: /SHA-256 ([0-9a-f]{64})/)?.1)
        let applied = await CommandHarness(hypervisors: fakes).run(["apply", file, "--sha256", String(digest)])
        #expect(applied.code == 0, "\(applied.output)\(applied.errors)")
        #expect(await fakes["hv2"]?.domains.isEmpty == true)
    }
}
