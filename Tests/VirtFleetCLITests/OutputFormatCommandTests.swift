import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// `--format text|json|markdown` through the real command line, in-process against fakes.
@Suite struct OutputFormatCommandTests {
    func hypervisors() -> [String: FakeHypervisor] {
        ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
    }

    @Test func planPrintsTheMarkdownPlanAndSavesTheSamePlan() async throws {
        let fleet = try twoHostFleet()
        let file = fleet.path("plan.json")
        let run = await CommandHarness(hypervisors: hypervisors())
            .run(["plan", "-i", fleet.path("inventory"), "--format", "markdown", "--out", file, "--detailed-exitcode"])
        #expect(run.code == 2, "\(run.errors)")
        #expect(run.output.hasPrefix("<!-- virtfleet-plan fleet=lab -->\n## virtfleet plan: lab\n"))
        #expect(run.output.contains("\n### + create (3)\n\n- **db** on hv1: not defined: define (left stopped)\n"))
        #expect(run.output.contains("| hv2 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"))
        #expect(!run.output.contains("Saved the plan"), "the comment stays one document")
        #expect(FileManager.default.fileExists(atPath: file))
        let shown = await CommandHarness().run(["show", file, "--format", "markdown"])
        #expect(shown.code == 0, "\(shown.errors)")
        #expect(shown.output == run.output, "show FILE prints the saved plan exactly as plan did")
    }

    @Test func anUnreachableHostIsCalledOutAndFailsThePlan() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness(hypervisors: ["hv1": FakeHypervisor(host: "hv1")])
            .run(["plan", "-i", fleet.path("inventory"), "--format", "markdown"])
        #expect(run.code == 1)
        #expect(run.output.contains("> **1 host unreachable:** nothing was planned there.\n>\n> - **hv2**: ssh hv2: connection refused\n"))
        #expect(run.output.contains("| hv2 (unreachable) |"))
    }

    @Test func noChangeHostsAreOneLineAndVerboseListsTheirGuests() async throws {
        let fleet = try twoHostFleet()
        let harness = CommandHarness(hypervisors: hypervisors())
        let applied = await harness.run(["apply", "-i", fleet.path("inventory"), "--auto-approve"])
        #expect(applied.code == 0, "\(applied.errors)")
        let quiet = await harness.run(["plan", "-i", fleet.path("inventory"), "--format", "markdown"])
        #expect(quiet.code == 0)
        #expect(quiet.output.hasSuffix("No changes on 2 hosts: hv1 (2 unchanged), hv2 (1 unchanged).\n"))
        #expect(!quiet.output.contains("| host |"), "no table when no host has anything to do")
        let verbose = await harness.run(["plan", "-i", fleet.path("inventory"), "--format", "markdown", "-v"])
        #expect(verbose.output.contains("### = no-change (3)\n\n- **db** on hv1: up to date (shut off)\n"))
    }

    @Test func aChangedPasswordIsShownMaskedInMarkdown() async throws {
        let fakes = ["hv1": FakeHypervisor(host: "hv1")]
        let before = try PlanViewTests().fleetWithPassword("oldpw12")
        let applied = await CommandHarness(hypervisors: fakes).run(["apply", "-i", before.path("inventory"), "--auto-approve"])
        #expect(applied.code == 0, "\(applied.errors)")
        let after = try PlanViewTests().fleetWithPassword("newpw34")
        let run = await CommandHarness(hypervisors: fakes).run(["plan", "-i", after.path("inventory"), "--format", "markdown"])
        #expect(run.output.contains("- **vm** on hv1: a secret differs from the inventory's"))
        #expect(run.output.contains("  a secret (VNC password) differs: (secret)\n"))
        #expect(!run.output.contains("newpw34") && !run.output.contains("oldpw12"))
    }

    @Test func jsonIsAnAliasOfFormatJSON() async throws {
        let fleet = try twoHostFleet()
        let fakes = hypervisors()
        await fakes["hv2"]?.addUnmanaged("handmade")
        let harness = CommandHarness(hypervisors: fakes)
        let file = fleet.path("plan.json")
        _ = await harness.run(["plan", "-i", fleet.path("inventory"), "--out", file])
        let pairs: [([String], [String])] = [
            (["plan", "-i", fleet.path("inventory"), "--json"], ["plan", "-i", fleet.path("inventory"), "--format", "json"]),
            (["show", file, "--json"], ["show", file, "--format", "json"]),
            (["hosts", "-i", fleet.path("inventory"), "--json"], ["hosts", "-i", fleet.path("inventory"), "--format=json"]),
            (
                ["inspect", "-i", fleet.path("inventory"), "--json"],
                ["inspect", "-i", fleet.path("inventory"), "--json", "--format", "json"]
            ),
        ]
        for (alias, format) in pairs {
            let a = await harness.run(alias)
            let b = await harness.run(format)
            #expect(a.code == 0 && b.code == 0, "\(a.errors)\(b.errors)")
            #expect(a.output.hasPrefix("{\n"), "\(alias)")
            #expect(a.output == b.output, "\(alias) and \(format) differ")
        }
        let text = await harness.run(["hosts", "-i", fleet.path("inventory"), "--format", "text"])
        #expect(text.output.hasPrefix("HOST "))
    }

    /// Refused while parsing (exit 64, the usage on stderr), before any host is reached: the
    /// harness has no hypervisors, so reaching for one would fail the test.
    @Test(arguments: [
        (
            ["hosts", "-i", "inv", "--format", "markdown"],
            "this command cannot print --format markdown: it prints text or json (markdown is for plans: plan and show)."
        ),
        (["inspect", "-i", "inv", "--format", "markdown"], "this command cannot print --format markdown: it prints text or json"),
        (["plan", "-i", "inv", "--format", "xml"], "unknown format 'xml': use text, json or markdown."),
        (["hosts", "-i", "inv", "--format", "xml"], "unknown format 'xml': use text or json."),
        (["plan", "-i", "inv", "--format", "yaml"], "this command cannot print --format yaml: it prints text, json or markdown."),
        (
            ["plan", "-i", "inv", "--json", "--format", "markdown"],
            "--json is the same as --format json; it cannot be combined with --format markdown."
        ),
        (
            ["show", "plan.json", "--format", "text", "--json"],
            "--json is the same as --format json; it cannot be combined with --format text."
        ),
    ])
    func unsupportedOrContradictoryFormatsAreUsageErrors(arguments: [String], message: String) async {
        let run = await CommandHarness().run(arguments)
        #expect(run.code == 64)
        #expect(run.errors.contains("Error: " + message), "\(run.errors)")
        #expect(run.errors.contains("Usage: virtfleet \(arguments[0])"))
        #expect(run.output == "")
    }

    @Test func helpNamesEachCommandsFormats() async {
        let plan = await CommandHarness().run(["plan", "--help"])
        #expect(plan.output.contains("Output format: text, json or markdown (default: text)."))
        let hosts = await CommandHarness().run(["hosts", "--help"])
        #expect(hosts.output.contains("Output format: text or json (default: text)."))
        #expect(hosts.output.contains("the same as --format json"))
        // Shell completion offers each command its own formats.
        let fish = await CommandHarness().run(["--generate-completion-script", "fish"]).output.split(separator: "\n")
        let offered = { (command: String) in fish.filter { $0.contains("\"virtfleet \(command)\" format'") } }
        #expect(offered("hosts").count == 1 && offered("hosts").allSatisfy { $0.hasSuffix("'text json'") })
        #expect(offered("show").count == 1 && offered("show").allSatisfy { $0.hasSuffix("'text json markdown'") })
    }
}
