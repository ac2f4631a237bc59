import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// Expansion's warnings on standard error, once each, one line each, without changing the exit
/// code or standard output's format.
@Suite struct WarningOutputTests {
    /// `vm` from a raw template copied from a running guest (root `id`, a channel's `state`), and
    /// `plain` from a template without anything to warn about.
    func fleet(template: String? = nil) throws -> TestFleet {
        try TestFleet([
            "inventory/fleet.yaml": """
            fleet: lab
            templates: ../templates
            hosts:
              hv1: { address: 127.0.0.11, uri: "qemu:///session" }
            guests:
              - { name: vm, template: running, host: hv1, state: stopped }
              - { name: plain, template: small, host: hv1, state: stopped }
            """,
            "templates/running.xml": template
                ?? """
                <domain type='kvm' id='12'>
                  <name>vm</name>
                  <genid/>
                  <title>copied from virsh dumpxml</title>
                  <memory unit='MiB'>64</memory>
                  <os><type>hvm</type></os>
                  <devices>
                    <channel type='unix'>
                      <source mode='bind'/>
                      <target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/>
                    </channel>
                  </devices>
                </domain>
                """,
            "templates/small.yaml": TestFleet.smallTemplate,
        ])
    }

    func lines(_ text: String, _ fleet: TestFleet) -> [String] {
        text.replacingOccurrences(of: fleet.root.path + "/", with: "").split(separator: "\n").map(String.init)
    }

    @Test func validatePrintsEachWarningOnceAndStillSucceeds() async throws {
        let fleet = try fleet()
        let run = await CommandHarness().run(["validate", "--schema", "-i", fleet.path("inventory")])
        #expect(run.code == 0)
        #expect(run.output == "valid: 2 guests on 1 hosts (fleet 'lab'), 2 warnings\n")
        let errors = lines(run.errors, fleet)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("warning: templates/running.xml:1:1: <domain id> is runtime-only") == true)
        #expect(errors.last?.hasPrefix("warning: templates/running.xml:10:7: <channel><target state> is runtime-only") == true)
        #expect(errors.allSatisfy { $0.contains(" — remove '") })
    }

    @Test func oneWarningIsCountedInTheSingular() async throws {
        let fleet = try fleet(template: "<domain type='kvm' id='1'><memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>")
        let run = await CommandHarness().run(["validate", "-i", fleet.path("inventory")])
        #expect(run.code == 0)
        #expect(run.output == "valid: 2 guests on 1 hosts (fleet 'lab'), 1 warning\n")
    }

    @Test func aLimitShowsOnlyTheWarningsOfTheGuestsItSelects() async throws {
        let fleet = try fleet()
        let run = await CommandHarness().run(["validate", "-i", fleet.path("inventory"), "--limit", "plain"])
        #expect(run.code == 0)
        #expect(run.output == "valid: 1 guests on 1 hosts (fleet 'lab')\n")
        #expect(run.errors.isEmpty)
    }

    @Test func renderWarnsOnStandardErrorAndWritesTheDocumentWithoutTheAttributes() async throws {
        let fleet = try fleet()
        let run = await CommandHarness().run(["render", "-i", fleet.path("inventory"), "--limit", "vm"])
        #expect(run.code == 0)
        #expect(lines(run.errors, fleet).count == 2)
        #expect(!run.output.contains("warning"))
        #expect(!run.output.contains("id=\"12\""))
        #expect(!run.output.contains("state="))
        #expect(run.output.contains("<name>vm</name>"))
    }

    /// libvirt accepts one MAC on several interfaces of a guest: validate says so and succeeds.
    @Test func aMACRepeatedWithinOneGuestOnlyWarns() async throws {
        let fleet = try fleet(
            template: """
                <domain type='kvm'><memory unit='MiB'>64</memory><os><type>hvm</type></os><devices>
                <interface type='network'><mac address='52:54:00:00:00:01'/><source network='a'/></interface>
                <interface type='network'><mac address='52:54:00:00:00:01'/><source network='b'/></interface>
                </devices></domain>
                """)
        let run = await CommandHarness().run(["validate", "-i", fleet.path("inventory")])
        #expect(run.code == 0)
        let errors = lines(run.errors, fleet)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("warning: inventory/fleet.yaml:") == true)
        #expect(errors.first?.contains("MAC 52:54:00:00:00:01 is on more than one interface of guest 'vm'") == true)
    }

    @Test func planJSONKeepsStandardOutputForTheDocument() async throws {
        let fleet = try fleet()
        let run = await CommandHarness(hypervisors: ["hv1": FakeHypervisor(host: "hv1")])
            .run(["plan", "-i", fleet.path("inventory"), "--json"])
        #expect(run.code == 0)
        #expect(lines(run.errors, fleet).count == 2)
        #expect(run.errors.hasPrefix("warning: "))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((document["summary"] as? [String: Int])?["create"] == 2)
    }

    @Test func planWarnsBeforeThePlanAndKeepsItsExitCodes() async throws {
        let fleet = try fleet()
        let run = await CommandHarness(hypervisors: ["hv1": FakeHypervisor(host: "hv1")])
            .run(["plan", "-i", fleet.path("inventory"), "--detailed-exitcode"])
        #expect(run.code == 2)
        #expect(lines(run.errors, fleet).count == 2)
        #expect(run.output.contains("Plan: 2 to create"))
    }
}
