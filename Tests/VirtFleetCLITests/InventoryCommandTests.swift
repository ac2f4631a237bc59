import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport
import Yams

@testable import VirtFleetCLI

/// `virtfleet inventory`: the guests as an Ansible inventory, in-process against fakes.
@Suite struct InventoryCommandTests {
    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func hosts(of group: String, in document: [String: Any]) -> [String]? {
        (document[group] as? [String: Any])?["hosts"] as? [String]
    }

    @Test func listIsAnsiblesDynamicInventoryWithGroupsAndHostVariables() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness().run(["inventory", "-i", fleet.path("inventory"), "--list"])
        #expect(run.code == 0, "\(run.errors)")
        let document = try json(run.output)
        #expect(hosts(of: "hypervisor_hv1", in: document) == ["db", "web-1"])
        #expect(hosts(of: "hypervisor_hv2", in: document) == ["web-2"])
        #expect(hosts(of: "template_small", in: document) == ["db", "web-1", "web-2"])
        let children = try #require((document["all"] as? [String: Any])?["children"] as? [String])
        #expect(children.contains("hypervisor_hv1") && children.contains("ungrouped"))
        let variables = try #require(((document["_meta"] as? [String: Any])?["hostvars"] as? [String: Any])?["db"] as? [String: Any])
        #expect(variables["virtfleet_hypervisor"] as? String == "hv1")
        #expect(variables["virtfleet_state"] as? String == "stopped")
        #expect(variables["virtfleet_template"] as? String == "small")
        #expect((variables["virtfleet_uuid"] as? String)?.count == 36)
        #expect((variables["virtfleet_macs"] as? [String])?.first?.hasPrefix("52:54:00:") == true)
        #expect(variables["ansible_host"] == nil, "without --observe nothing says where the guest is")
    }

    @Test func theHostGroupIsNamedAfterItsVirtfleetGroup() async throws {
        let fleet = try twoHostFleet()
        let document = try json(await CommandHarness().run(["inventory", "-i", fleet.path("inventory")]).output)
        #expect(hosts(of: "both", in: document) == ["db", "web-1", "web-2"])
    }

    @Test func hostPrintsOneGuestsVariablesAndAnUnknownOneEmpty() async throws {
        let fleet = try twoHostFleet()
        let known = try json(await CommandHarness().run(["inventory", "-i", fleet.path("inventory"), "--host", "web-2"]).output)
        #expect(known["virtfleet_hypervisor"] as? String == "hv2")
        let unknown = await CommandHarness().run(["inventory", "-i", fleet.path("inventory"), "--host", "nope"])
        #expect(unknown.code == 0)
        #expect(try json(unknown.output).isEmpty)
    }

    @Test func yamlIsAStaticInventoryAnsibleCanRead() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness().run(["inventory", "-i", fleet.path("inventory"), "--format", "yaml"])
        #expect(run.code == 0, "\(run.errors)")
        let root = try #require(try Yams.load(yaml: run.output) as? [String: Any])
        let all = try #require(root["all"] as? [String: Any])
        let hostVariables = try #require((all["hosts"] as? [String: Any])?["web-1"] as? [String: Any])
        #expect(hostVariables["virtfleet_hypervisor"] as? String == "hv1")
        let children = try #require(all["children"] as? [String: Any])
        let members = try #require((children["hypervisor_hv2"] as? [String: Any])?["hosts"] as? [String: Any])
        #expect(Array(members.keys) == ["web-2"])
    }

    @Test func observeAddsStateAddressesAndAnsibleHost() async throws {
        let fleet = try twoHostFleet()
        let fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        let apply = await CommandHarness(hypervisors: fakes).run(["apply", "-i", fleet.path("inventory"), "--auto-approve"])
        #expect(apply.code == 0, "\(apply.output)\(apply.errors)")
        await fakes["hv1"]?.setAddresses(
            "web-1",
            [
                GuestAddress(mac: "52:54:00:00:00:01", address: "fe80::1", prefix: 64, isIPv6: true, source: .agent),
                GuestAddress(mac: "52:54:00:00:00:01", address: "192.168.122.15", prefix: 24, isIPv6: false, source: .lease),
            ])
        let run = await CommandHarness(hypervisors: fakes).run(["inventory", "-i", fleet.path("inventory"), "--observe"])
        #expect(run.code == 0, "\(run.errors)")
        let hostvars = try #require((try json(run.output)["_meta"] as? [String: Any])?["hostvars"] as? [String: Any])
        let web1 = try #require(hostvars["web-1"] as? [String: Any])
        #expect(web1["ansible_host"] as? String == "192.168.122.15", "the first IPv4 address")
        #expect(web1["virtfleet_observed_state"] as? String == "running")
        let addresses = try #require(web1["virtfleet_addresses"] as? [[String: Any]])
        #expect(addresses.map { $0["source"] as? String } == ["agent", "lease"])
        let db = try #require(hostvars["db"] as? [String: Any])
        #expect(db["virtfleet_observed_state"] as? String == "shut off")
        #expect(db["ansible_host"] == nil)
    }

    @Test func observeFailsWhenAHostIsUnreachable() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness(hypervisors: ["hv1": FakeHypervisor(host: "hv1")])
            .run(["inventory", "-i", fleet.path("inventory"), "--observe"])
        #expect(run.code == 1)
        #expect(run.errors.contains("hv2"), "\(run.errors)")
        #expect(run.output.isEmpty, "no partial inventory")
    }

    @Test func usageErrorsSayWhatToDo() async throws {
        let fleet = try twoHostFleet()
        let both = await CommandHarness().run(["inventory", "-i", fleet.path("inventory"), "--list", "--host", "db"])
        #expect(both.code == 64)
        #expect(both.errors.contains("--list and --host cannot be combined"))
        let markdown = await CommandHarness().run(["inventory", "-i", fleet.path("inventory"), "--format", "markdown"])
        #expect(markdown.code == 64)
        #expect(markdown.errors.contains("it prints json or yaml"), "\(markdown.errors)")
    }

    @Test(arguments: [("web-tier", "web_tier"), ("2nd", "_2nd"), ("kvm.lab", "kvm_lab"), ("ok_1", "ok_1"), ("dé", "d_")])
    func groupNamesAreMadeValidForAnsible(name: String, expected: String) {
        #expect(AnsibleInventoryView.groupName(name) == expected)
    }
}
