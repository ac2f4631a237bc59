import Foundation
import Testing
import VirtFleetTestSupport

/// `virtfleet adopt` on a real hypervisor: a hand-made domain named like a declared guest is a
/// conflict until adopted; adopted, the next apply defines the inventory's document over it with
/// its own UUID, and the plan after that is clean.
@Suite(.tags(.testbed, .root), .changesTestbedHosts) struct AdoptTestbedTests {
    @Test func aHandMadeDomainIsAdoptedAndConvergesWithItsUUID() throws {
        let fleet = try ScratchFleet("adopt")
        defer { fleet.cleanUp() }
        let name = fleet.name("legacy")
        try fleet.declare("  - { name: \(name), template: small, host: hv1, state: stopped }\n")
        let uuid = "6b1d4c2e-0f3a-4e55-9d7a-2c8e1f0a9b33"
        let file = fleet.folder.appendingPathComponent("legacy.xml")
        try Data(
            "<domain type='qemu'><name>\(name)</name><uuid>\(uuid)</uuid><memory unit='MiB'>48</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>"
                .utf8
        ).write(to: file)
        try Testbed.virsh("hv1", ["define", file.path]).checked()
        #expect(try fleet.planned()[name] == "conflict")

        let adopt = try Testbed.virtfleet(["adopt"] + fleet.inventory + [name, "--auto-approve"])
        #expect(adopt.status == 0, "\(adopt.output)\(adopt.errors)")
        #expect(adopt.output.contains("adopt (UUID \(uuid) kept)"), "\(adopt.output)")
        #expect(adopt.output.contains("memory: wanted"), "the difference is shown: \(adopt.output)")
        #expect(try fleet.planned()[name] == "update")

        let apply = try fleet.apply()
        #expect(apply.status == 0, "\(apply.output)\(apply.errors)")
        #expect(try Testbed.virsh("hv1", ["domuuid", name]).checked().output.trimmingCharacters(in: .whitespacesAndNewlines) == uuid)
        #expect(try fleet.planned()[name] == "no-change" || (try fleet.plan(["--detailed-exitcode"])).status == 0)
    }
}
