import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// validate, render and the argument rules, in-process: no hypervisor may be reached.
@Suite struct OfflineCommandTests {
    let harness = CommandHarness()

    @Test func validateCountsGuestsAndHosts() async throws {
        let fleet = try twoHostFleet()
        let run = await harness.run(["validate", "-i", fleet.path("inventory")])
        #expect(run.code == 0)
        #expect(run.output == "valid: 3 guests on 2 hosts (fleet 'lab')\n")
        #expect(run.errors.isEmpty)
    }

    @Test func validateReportsALocatedProblemOnStandardError() async throws {
        let fleet = try TestFleet(["inventory/a.yaml": "fleet: lab\nhosts:\n  hv1: { prot: 22 }\n"])
        let run = await harness.run(["validate", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.output.isEmpty)
        #expect(run.errors.hasPrefix(fleet.path("inventory/a.yaml") + ":3:"))
        #expect(run.errors.contains("'prot'"))
    }

    @Test func aMissingInventoryIsAUsageError() async {
        let run = await harness.run(["validate"])
        #expect(run.code == 64)
        #expect(run.errors.contains("Missing -i INVENTORY"))
    }

    @Test func aLimitMatchingNothingIsAnError() async throws {
        let fleet = try twoHostFleet()
        let run = await harness.run(["render", "-i", fleet.path("inventory"), "--limit", "nosuch*"])
        #expect(run.code == 1)
        #expect(
            run.errors
                == "--limit 'nosuch*' matches no host, group or guest — check the spelling; globs such as 'kvm*' or 'web-*' are allowed\n")
    }

    @Test func renderPrintsEachSelectedGuestUnderItsHost() async throws {
        let fleet = try twoHostFleet()
        let run = await harness.run(["render", "-i", fleet.path("inventory"), "--limit", "hv2"])
        #expect(run.code == 0)
        #expect(run.output.hasPrefix("<!-- host: hv2, guest: web-2 -->\n<domain"))
        #expect(run.output.components(separatedBy: "<!-- host:").count == 2)
    }

    @Test func renderWritesTheTreeAndSaysSo() async throws {
        let fleet = try twoHostFleet()
        let out = fleet.path("out")
        let run = await harness.run(["render", "-i", fleet.path("inventory"), "--out", out])
        #expect(run.code == 0)
        #expect(run.output == "rendered 3 guests on 2 hosts into \(out)\n")
        #expect(FileManager.default.fileExists(atPath: out + "/hv1/db.xml"))
        #expect(FileManager.default.fileExists(atPath: out + "/hv2/web-2.xml"))
    }

    @Test func aFailingStandardOutputIsAnErrorNotSilence() async throws {
        let fleet = try twoHostFleet()
        let run = await CommandHarness(failingOutput: true).run(["render", "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.errors == "error: cannot write to standard output: No space left on device\n")
    }

    @Test func helpGoesToStandardOutputAndSucceeds() async {
        let run = await harness.run(["plan", "--help"])
        #expect(run.code == 0)
        #expect(run.output.contains("--detailed-exitcode"))
    }
}
