import Foundation
import Testing
import VirtFleetTestSupport

/// `virtfleet inventory --observe` against real libvirt: a running and a stopped guest, and the
/// addresses call made for the running one (on the session daemons here libvirt knows no
/// addresses: user networking has no DHCP lease libvirt sees, no agent runs and there is no
/// bridge to ARP on, so every source is skipped without an error).
@Suite(.tags(.testbed, .root), .changesTestbedHosts) struct InventoryTestbedTests {
    @Test func observeReportsLibvirtsStateForEachGuest() throws {
        let fleet = try ScratchFleet("inventory")
        defer { fleet.cleanUp() }
        try fleet.declare(
            """
              - { name: \(fleet.name("up")), template: small, host: hv1, state: running }
              - { name: \(fleet.name("down")), template: small, host: hv2, state: stopped }
            """)
        let apply = try fleet.apply()
        #expect(apply.status == 0, "\(apply.output)\(apply.errors)")

        let run = try Testbed.virtfleet(["inventory", "--observe"] + fleet.inventory + ["--limit", "\(fleet.id)-*"])
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let hostvars = try #require((document["_meta"] as? [String: Any])?["hostvars"] as? [String: [String: Any]])
        #expect(hostvars[fleet.name("up")]?["virtfleet_observed_state"] as? String == "running")
        #expect(hostvars[fleet.name("down")]?["virtfleet_observed_state"] as? String == "shut off")
        #expect(hostvars[fleet.name("up")]?["virtfleet_addresses"] is [Any], "the addresses call answered")
        #expect(hostvars[fleet.name("up")]?["virtfleet_hypervisor"] as? String == "hv1")
        #expect(((document["hypervisor_hv2"] as? [String: Any])?["hosts"] as? [String]) == [fleet.name("down")])
    }
}
