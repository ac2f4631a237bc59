import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// What plan views print: secrets never, colour only when asked.
@Suite struct PlanViewTests {
    func fleetWithPassword(_ password: String) throws -> TestFleet {
        try TestFleet([
            "inventory/fleet.yaml": """
            fleet: lab
            templates: ../templates
            hosts:
              hv1: {}
            guests:
              - { name: vm, template: vnc, host: hv1, state: stopped }
            """,
            "templates/vnc.yaml": TestFleet.smallTemplate + "\ngraphics:\n  - { type: vnc, password: \(password) }\n",
        ])
    }

    @Test func secretsNeverAppearInPlanOutputButStayInTheSavedPlan() async throws {
        let fleet = try fleetWithPassword("s3cr3t!x")
        let harness = CommandHarness(hypervisors: ["hv1": FakeHypervisor(host: "hv1")])
        let file = fleet.path("plan.json")
        for arguments in [["--out", file], ["--json"], ["--verbose"]] {
            let run = await harness.run(["plan", "-i", fleet.path("inventory")] + arguments)
            #expect(run.code == 0)
            #expect(!run.output.contains("s3cr3t!x"))
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("s3cr3t!x"), "the saved plan must still be appliable")
        let shown = await harness.run(["show", file, "--json"])
        #expect(!shown.output.contains("s3cr3t!x"))
    }

    @Test func aChangedPasswordIsRedefinedAndShownWithoutTheSecret() async throws {
        let fakes = ["hv1": FakeHypervisor(host: "hv1")]
        let before = try fleetWithPassword("oldpw12")
        let applied = await CommandHarness(hypervisors: fakes).run(["apply", "-i", before.path("inventory"), "--auto-approve"])
        #expect(applied.code == 0, "\(applied.errors)")
        let after = try fleetWithPassword("newpw34")
        let run = await CommandHarness(hypervisors: fakes).run(["plan", "-i", after.path("inventory")])
        #expect(run.output.contains("± vm  drift: a secret differs from the inventory's (changed in the inventory or outside virtfleet)"))
        #expect(run.output.contains("a secret (VNC password) differs: (secret)"))
        #expect(!run.output.contains("newpw34") && !run.output.contains("oldpw12"))
    }

    @Test func colourOnlyWhenAsked() async throws {
        let fleet = try fleetWithPassword("abc")
        let plan = try await PlanPipeline.run(
            inventoryPaths: [fleet.path("inventory")], limit: nil,
            observer: .init(connector: FakeConnector(hosts: ["hv1": FakeHypervisor(host: "hv1")]))
        ).plan
        #expect(!HumanPlanView(color: false).render(plan).contains("\u{1B}["))
        #expect(HumanPlanView(color: true).render(plan).contains("\u{1B}[32m+ vm"))
    }

    @Test func observedNamesCannotActOnTheTerminalOrWidenTheTable() async throws {
        let fleet = try fleetWithPassword("abc")
        let fake = FakeHypervisor(host: "hv1")
        await fake.addUnmanaged("evil\u{1B}]0;owned\u{07}\u{202E}" + String(repeating: "x", count: 500))
        let run = await CommandHarness(hypervisors: ["hv1": fake]).run(["inspect", "-i", fleet.path("inventory")])
        #expect(run.code == 0)
        #expect(!run.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(run.output.contains("evil\\u{1B}]0;owned\\u{7}\\u{202E}"))
        #expect(run.output.split(separator: "\n").allSatisfy { $0.count < 200 }, "a long name is cut, not padded into every line")
    }
}
