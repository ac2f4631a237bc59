import Foundation
import Testing
import VirtFleetTestSupport

/// `virtfleet destroy` on real hypervisors: every domain of the fleet goes (the running one is
/// stopped first), a hand-made domain on the same host stays, and the fleet can be applied again.
@Suite(.tags(.testbed, .root), .changesTestbedHosts) struct DestroyTestbedTests {
    @Test func destroyRemovesTheFleetAndNothingElse() throws {
        let fleet = try ScratchFleet("destroy")
        defer { fleet.cleanUp() }
        try fleet.declare(
            """
              - { name: \(fleet.name("up")), template: small, host: hv1, state: running }
              - { name: \(fleet.name("down")), template: small, host: hv2, state: stopped }
            """)
        let apply = try fleet.apply()
        #expect(apply.status == 0, "\(apply.output)\(apply.errors)")
        let handmade = fleet.name("handmade")
        let file = fleet.folder.appendingPathComponent("handmade.xml")
        try Data(
            "<domain type='qemu'><name>\(handmade)</name><memory unit='MiB'>32</memory><os><type arch='x86_64'>hvm</type></os></domain>"
                .utf8
        ).write(to: file)
        try Testbed.virsh("hv1", ["define", file.path]).checked()
        defer { _ = try? Testbed.virsh("hv1", ["undefine", handmade]) }

        let arguments = ["destroy"] + fleet.inventory + ["--auto-approve", "--shutdown-timeout", "2"]
        var destroy = try Testbed.virtfleet(arguments)
        if destroy.status != 0, (destroy.output + destroy.errors).contains("the plan is stale") {
            destroy = try Testbed.virtfleet(arguments)  // a guest of the previous suite was still settling (see ScratchFleet.apply)
        }
        #expect(destroy.status == 0, "\(destroy.output)\(destroy.errors)")
        #expect(destroy.output.contains("delete: destroy: stop, then undefine"), "\(destroy.output)")
        let hv1 = try Testbed.domains(on: "hv1")
        #expect(!hv1.contains(fleet.name("up")), "the fleet's running guest is gone")
        #expect(hv1.contains(handmade), "a domain the fleet does not own stays")
        #expect(!(try Testbed.domains(on: "hv2")).contains(fleet.name("down")))
        #expect(try fleet.planned() == [fleet.name("up"): "create", fleet.name("down"): "create"], "declared again: plan recreates")
    }
}
