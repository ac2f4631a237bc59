import Foundation
import Testing
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// `virtfleet adopt` in-process: a hand-made domain named like a declared guest comes under
/// management, keeps its UUID, and converges on the next apply; nothing else is ever taken.
@Suite struct AdoptCommandTests {
    func hypervisors() -> [String: FakeHypervisor] {
        ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
    }

    @Test func anUnmanagedDomainIsAdoptedKeepsItsUUIDAndConverges() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        await fakes["hv1"]?.addUnmanaged("db")
        let before = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory")])
        #expect(before.code == 1, "an unmanaged domain of a declared name is a conflict")

        let adopt = await CommandHarness(hypervisors: fakes).run(["adopt", "-i", fleet.path("inventory"), "db", "--auto-approve"])
        #expect(adopt.code == 0, "\(adopt.output)\(adopt.errors)")
        #expect(adopt.output.contains("~ db on hv1: adopt (UUID uuid-db kept); the next apply changes"), "\(adopt.output)")
        #expect(adopt.output.contains("adopted db on hv1"))
        let marked = try #require(await fakes["hv1"]?.domains["db"]?.xml)
        #expect(OwnershipMetadata(domain: marked)?.fleet == "lab")

        let plan = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory")])
        #expect(
            plan.output.contains("db     update: adopted: define the inventory's document (the domain keeps its UUID)"), "\(plan.output)")
        let apply = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory"), "--auto-approve"])
        #expect(apply.code == 0, "\(apply.output)\(apply.errors)")
        #expect(await fakes["hv1"]?.domains["db"]?.xml.first("uuid")?.text == "uuid-db", "the UUID never changes")
        let after = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory"), "--detailed-exitcode"])
        #expect(after.code == 0, "adopted and applied: no changes\n\(after.output)")
    }

    @Test func anotherFleetsDomainIsNeverAdopted() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        await fakes["hv1"]?.addUnmanaged("db")
        try await fakes["hv1"]?.setOwnership("db", XMLWriter.string(from: OwnershipMetadata(fleet: "other", guest: "db").bareElement))
        let run = await CommandHarness(hypervisors: fakes).run(["adopt", "-i", fleet.path("inventory"), "db", "--auto-approve"])
        #expect(run.code == 1)
        #expect(run.errors.contains("db: managed by fleet 'other' on hv1; virtfleet never takes another fleet's domain"), "\(run.errors)")
        #expect(OwnershipMetadata(domain: try #require(await fakes["hv1"]?.domains["db"]?.xml))?.fleet == "other")
    }

    @Test func whatCannotBeAdoptedIsSaid() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        let missing = await CommandHarness(hypervisors: fakes).run(["adopt", "-i", fleet.path("inventory"), "db", "--auto-approve"])
        #expect(missing.code == 1)
        #expect(missing.errors.contains("db: no domain of that name on hv1: nothing to adopt"), "\(missing.errors)")
        let unknown = await CommandHarness().run(["adopt", "-i", fleet.path("inventory"), "dbb", "--auto-approve"])
        #expect(unknown.code == 64 || unknown.code == 1)
        #expect(unknown.errors.contains("'dbb' is not a guest the inventory declares"), "\(unknown.errors)")
        #expect(unknown.errors.contains("did you mean 'db'"), "\(unknown.errors)")
    }

    @Test func withoutATerminalOrApprovalNothingIsMarked() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        await fakes["hv1"]?.addUnmanaged("db")
        let run = await CommandHarness(hypervisors: fakes).run(["adopt", "-i", fleet.path("inventory"), "db"])
        #expect(run.code == 1)
        #expect(run.errors.contains("refusing to adopt without confirmation"))
        #expect(OwnershipMetadata(domain: try #require(await fakes["hv1"]?.domains["db"]?.xml)) == nil)
    }
}
