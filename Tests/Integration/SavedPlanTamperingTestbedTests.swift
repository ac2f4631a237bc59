import Foundation
import Testing
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan
import VirtFleetTestSupport

@testable import VirtFleetCLI

/// The saved-plan tampering cases of `SavedPlanTamperingTests`, for real: the built `virtfleet`
/// makes a plan against the testbed's hosts, the file is edited exactly as the in-process case edits
/// it, and `apply FILE` runs. libvirt's own `virsh` then checks that nothing was defined, changed or
/// undefined that the edit aimed at (another fleet's or an unmanaged domain stays as it was), and a
/// fresh plan and apply converge to the inventory with nothing lost.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct SavedPlanTamperingTestbedTests {
    /// One fleet of this suite: `web-1` (hv1), `web-2` (hv2) and `db` (hv1), all stopped and tiny,
    /// planned from nothing into a saved plan.
    struct Fixture {
        let fleet: ScratchFleet
        let file: String
        /// What `plan --out` printed (it names the file's SHA-256).
        let planned: ProcessResult

        /// - Parameter prepare: runs before the plan is made, with the fleet (to set up other domains).
        init(_ label: String, prepare: (ScratchFleet) throws -> Void = { _ in }) throws {
            fleet = try ScratchFleet("tamper-\(label)")
            try prepare(fleet)
            try fleet.declare(
                """
                  - { name: "\(fleet.name("web"))-{{ index }}", template: small, count: 2, group: testbed, state: stopped }
                  - { name: \(fleet.name("db")), template: small, host: hv1, state: stopped }
                """)
            file = fleet.folder.appendingPathComponent("saved.plan").path
            planned = try fleet.plan(["--out", file])
            try #require(planned.status == 0, "\(planned.output)\n\(planned.errors)")
        }

        var db: String { fleet.name("db") }
        /// Where the inventory puts each guest.
        var intended: [String: String] {
            [fleet.name("web") + "-1": "hv1", fleet.name("web") + "-2": "hv2", db: "hv1"]
        }

        /// Reads the saved plan, lets the test edit it, writes it back.
        func edit(_ change: (inout Plan) throws -> Void) throws {
            var plan = try PlanFile.read(file)
            try change(&plan)
            try PlanFile.write(plan, to: file)
        }

        /// Replaces `old` with `new` in the document of hv1's entry for `guest`, optionally keeping its recorded hash.
        func rewrite(_ guest: String, _ old: String, _ new: String, rehash: Bool) throws {
            try edit { plan in
                let index = try #require(plan.hosts[0].entries.firstIndex { $0.guest == guest })
                guard case .create(var creation) = plan.hosts[0].entries[index].change else { throw CancellationError() }
                #expect(creation.definition.xml.contains(old), "the document has no \(old)")
                creation.definition.xml = creation.definition.xml.replacingOccurrences(of: old, with: new)
                if rehash {
                    creation.definition.hash = DomainHash.of(try LibXMLParser.parse(creation.definition.xml, file: guest))
                }
                plan.hosts[0].entries[index].change = .create(creation)
            }
        }

        /// `apply FILE`, repeating the testbed's own known_hosts path (a non-default setting every
        /// testbed plan carries) so that only the edit is under test.
        func apply(_ extra: [String] = []) throws -> ProcessResult {
            let knownHosts = try PlanFile.read(file).hosts.compactMap { host in
                host.access?.knownHosts.map { ["--allow-setting", "\(host.host).known_hosts=\($0)"] }
            }
            return try Testbed.virtfleet(["apply", file, "--shutdown-timeout", "2"] + knownHosts.flatMap { $0 } + extra)
        }

        /// This fleet's domains on the testbed: host → name → inactive definition.
        func domains() throws -> [String: [String: String]] {
            var found: [String: [String: String]] = [:]
            for host in Testbed.hostNames {
                for name in try Testbed.domains(on: host) where name.hasPrefix(fleet.id + "-") {
                    found[host, default: [:]][name] = try SavedPlanTamperingTestbedTests.definition(name, on: host)
                }
            }
            return found
        }

        /// A fresh plan and apply give the inventory's guests, and the plan after shows no changes.
        func converges(sourceLocation: SourceLocation = #_sourceLocation) throws {
            let apply = try fleet.apply()
            #expect(apply.status == 0, "\(apply.output)\n\(apply.errors)", sourceLocation: sourceLocation)
            let plan = try fleet.plan(["--detailed-exitcode"])
            #expect(plan.status == 0, "not converged:\n\(plan.output)\n\(plan.errors)", sourceLocation: sourceLocation)
            let placed = try domains().flatMap { host, names in names.keys.map { ($0, host) } }
            #expect(Dictionary(placed, uniquingKeysWith: { a, _ in a }) == intended, sourceLocation: sourceLocation)
            let db = try SavedPlanTamperingTestbedTests.definition(self.db, on: "hv1")
            #expect(db.contains("<memory unit='KiB'>65536</memory>"), "\(db)", sourceLocation: sourceLocation)
        }
    }

    /// `virsh dumpxml --inactive --security-info`: what libvirt keeps of a domain.
    static func definition(_ name: String, on host: String) throws -> String {
        try Testbed.virsh(host, ["dumpxml", "--inactive", "--security-info", name]).checked().output
    }

    /// Defines a domain no fleet owns on `host`.
    static func defineUnmanaged(_ name: String, on host: String, in folder: URL) throws {
        let file = folder.appendingPathComponent("\(name).xml")
        try Data(
            """
            <domain type='qemu'><name>\(name)</name><memory unit='KiB'>32768</memory><vcpu>1</vcpu>
            <os><type arch='x86_64'>hvm</type></os></domain>
            """.utf8
        ).write(to: file)
        try Testbed.virsh(host, ["define", file.path]).checked()
    }

    @Test func anEditedDocumentWithItsOldHashIsRefused() throws {
        let fixture = try Fixture("oldhash")
        defer { fixture.fleet.cleanUp() }
        try fixture.rewrite(fixture.db, "<memory unit=\"KiB\">65536</memory>", "<memory unit=\"KiB\">262144</memory>", rehash: false)
        let run = try fixture.apply()
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(
            run.output.contains("\(fixture.db): create failed: refused: the plan's document does not match the hash recorded beside it"),
            "\(run.output)\n\(run.errors)")
        #expect(try fixture.domains()["hv1"]?[fixture.db] == nil, "the edited document must not be defined")
        try fixture.converges()
    }

    @Test func anEditedDocumentIsRefusedWhenTheInventoryIsGiven() throws {
        let fixture = try Fixture("inventory")
        defer { fixture.fleet.cleanUp() }
        try fixture.rewrite(fixture.db, "<memory unit=\"KiB\">65536</memory>", "<memory unit=\"KiB\">262144</memory>", rehash: true)
        let run = try Testbed.virtfleet(["apply", fixture.file] + fixture.fleet.inventory)
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(
            run.errors.contains("saved plan entry hv1/\(fixture.db): its document differs from what the inventory renders now"),
            "\(run.errors)")
        #expect(try fixture.domains().isEmpty, "nothing of a refused plan may be applied")
        try fixture.converges()
    }

    @Test func anEditedDocumentWithANewHashIsSeenByTheNextPlan() throws {
        let fixture = try Fixture("newhash")
        defer { fixture.fleet.cleanUp() }
        try fixture.rewrite(fixture.db, "<memory unit=\"KiB\">65536</memory>", "<memory unit=\"KiB\">262144</memory>", rehash: true)
        let run = try fixture.apply()
        #expect(run.status == 0, "\(run.output)\n\(run.errors)")
        // Defined as written (its mark holds the hash of what was defined), so the next plan sees it.
        #expect(try Self.definition(fixture.db, on: "hv1").contains("<memory unit='KiB'>262144</memory>"))
        let next = try fixture.fleet.plan()
        #expect(next.output.contains("~ \(fixture.db)  update: definition changed in the inventory"), "\(next.output)")
        #expect(try fixture.fleet.planned()[fixture.db] == "update")
        try fixture.converges()
    }

    @Test func aDocumentNamingAnotherDomainIsRefused() throws {
        // An unmanaged domain, defined before the plan is made (or the plan would be stale).
        let victim = "unmanaged-\(UUID().uuidString.prefix(6).lowercased())"
        defer { _ = try? Testbed.virsh("hv1", ["undefine", victim]) }
        let fixture = try Fixture("rename") { fleet in try Self.defineUnmanaged(victim, on: "hv1", in: fleet.folder) }
        defer { fixture.fleet.cleanUp() }
        let before = try Self.definition(victim, on: "hv1")
        try fixture.rewrite(fixture.db, "<name>\(fixture.db)</name>", "<name>\(victim)</name>", rehash: true)
        let run = try fixture.apply()
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(
            run.output.contains("\(fixture.db): create failed: refused: the plan's document defines '\(victim)', not this guest"),
            "\(run.output)\n\(run.errors)")
        #expect(try Self.definition(victim, on: "hv1") == before, "an unmanaged domain must stay as it was")
        #expect(try fixture.domains()["hv1"]?[fixture.db] == nil)
        try fixture.converges()
        #expect(try Self.definition(victim, on: "hv1") == before)
    }

    @Test func anAddedUpdateOfAnotherFleetsDomainIsRefused() throws {
        let other = try ScratchFleet("tamper-other")
        let theirs = other.name("theirs")
        defer { other.cleanUp() }
        try other.declare("  - { name: \(theirs), template: small, host: hv1, state: stopped }\n")
        let applied = try other.apply()
        try #require(applied.status == 0, "\(applied.output)\n\(applied.errors)")
        let before = try Self.definition(theirs, on: "hv1")
        let uuid = try #require(before.firstMatch(of: #/<uuid>([0-9a-f-]+)</uuid>/#).map { String($0.output.1) })

        // Our plan, planned against the same host, gets an entry redefining their domain under our mark.
        let fixture = try Fixture("steal")
        defer { fixture.fleet.cleanUp() }
        let ours = fixture.db
        try fixture.edit { plan in
            var stolen = try #require(plan.hosts[0].entries.first { $0.guest == ours })
            guard case .create(let creation) = stolen.change else { throw CancellationError() }
            let xml = creation.definition.xml.replacingOccurrences(of: "<name>\(ours)</name>", with: "<name>\(theirs)</name>")
                .replacingOccurrences(of: "guest=\"\(ours)\"", with: "guest=\"\(theirs)\"")
            let document = try LibXMLParser.parse(xml, file: theirs)
            stolen.guest = theirs
            stolen.observed = ObservedFingerprint(uuid: uuid, state: .shutoff, readbackHash: "x")
            stolen.change = .redefine(
                Redefinition(
                    cause: .inventoryChanged, definition: Definition(xml: xml, hash: DomainHash.of(document)),
                    then: .none, restartNeeded: false, differences: []))
            plan.hosts[0].entries = [stolen]
        }
        let run = try fixture.apply()
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(
            run.output.contains("\(theirs): update failed: refused: the plan's document has UUID "),
            "\(run.output)\n\(run.errors)")
        #expect(try Self.definition(theirs, on: "hv1") == before, "another fleet's domain must stay as it was")
        // Edited further to carry their UUID too, it is refused by the ownership check. (hv2's entry
        // was applied above, so hv2 is left out, or the plan would be stale.)
        try fixture.edit { plan in
            plan.hosts.removeAll { $0.host != "hv1" }
            let index = try #require(plan.hosts[0].entries.firstIndex { $0.guest == theirs })
            guard case .redefine(var redefinition) = plan.hosts[0].entries[index].change else { throw CancellationError() }
            let xml = redefinition.definition.xml.replacing(#/<uuid>[0-9a-f-]+</uuid>/#, with: "<uuid>\(uuid)</uuid>")
            redefinition.definition = Definition(xml: xml, hash: DomainHash.of(try LibXMLParser.parse(xml, file: theirs)))
            plan.hosts[0].entries[index].change = .redefine(redefinition)
        }
        let again = try fixture.apply()
        #expect(again.status == 1, "\(again.output)\n\(again.errors)")
        #expect(
            again.output.contains("\(theirs): update failed: refused: the domain of that name is no longer the one this fleet manages"),
            "\(again.output)\n\(again.errors)")
        #expect(try Self.definition(theirs, on: "hv1") == before, "another fleet's domain must stay as it was")
        try fixture.converges()
        #expect(try Self.definition(theirs, on: "hv1") == before)
        #expect(try other.plan(["--detailed-exitcode"]).status == 0, "the other fleet must still plan no changes")
    }

    @Test func aCommandRunningSettingIsRefusedUnlessRepeated() throws {
        let fixture = try Fixture("proxy")
        let marker = "/tmp/\(fixture.fleet.id)-proxy-ran"
        defer {
            fixture.fleet.cleanUp()
            try? FileManager.default.removeItem(atPath: marker)
        }
        // A command with an effect the test can see, that then does the proxy's job.
        let proxy = "touch \(marker); exec virt-ssh-helper qemu:///session"
        try fixture.edit { plan in plan.hosts[0].access?.libvirtProxy = proxy }
        let refused = try fixture.apply()
        #expect(refused.status == 1, "\(refused.output)\n\(refused.errors)")
        #expect(
            refused.errors.contains("the saved plan sets hv1.libvirt_proxy = '\(proxy)', which runs this command on the host"),
            "\(refused.errors)")
        #expect(refused.errors.contains("--allow-setting 'hv1.libvirt_proxy=\(proxy)'"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the plan's command ran on the host")
        #expect(try fixture.domains().isEmpty, "nothing of a refused plan may be applied")
        let shown = try Testbed.virtfleet(["show", fixture.file])
        #expect(shown.output.contains("    libvirt_proxy: \(proxy)\n"), "\(shown.output)")
        let accepted = try fixture.apply(["--allow-setting", "hv1.libvirt_proxy=\(proxy)"])
        #expect(accepted.status == 0, "\(accepted.output)\n\(accepted.errors)")
        #expect(FileManager.default.fileExists(atPath: marker), "a repeated setting is used")
        try fixture.converges()
    }

    @Test func weakenedHostKeyCheckingIsRefusedUnlessRepeated() throws {
        let fixture = try Fixture("acceptnew")
        defer { fixture.fleet.cleanUp() }
        let knownHosts = try #require(try PlanFile.read(fixture.file).hosts[1].access?.knownHosts)
        let before = try String(contentsOfFile: knownHosts, encoding: .utf8)
        try fixture.edit { plan in plan.hosts[1].access?.hostKeyChecking = .acceptNew }
        let refused = try fixture.apply()
        #expect(refused.status == 1, "\(refused.output)\n\(refused.errors)")
        #expect(refused.errors.contains("hv2.host_key_checking = 'accept-new'"), "\(refused.errors)")
        #expect(try fixture.domains().isEmpty, "nothing of a refused plan may be applied")
        #expect(try String(contentsOfFile: knownHosts, encoding: .utf8) == before)
        try fixture.converges()
    }

    @Test func aPinnedDigestRefusesAnyOtherFile() throws {
        let fixture = try Fixture("digest")
        defer { fixture.fleet.cleanUp() }
        // The digest `plan --out` printed for the file it wrote: the one a pipeline pins.
        let pinned = try #require(
            fixture.planned.output.firstMatch(of: #/[0-9a-f]{64}/#).map { String($0.output) }, "\(fixture.planned.output)")
        try fixture.edit { plan in plan.hosts.removeLast() }
        let run = try fixture.apply(["--sha256", pinned])
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(run.errors.contains("the plan file's SHA-256 is"), "\(run.errors)")
        #expect(run.errors.contains("not the expected \(pinned)"), "\(run.errors)")
        #expect(try fixture.domains().isEmpty, "nothing of a refused plan may be applied")
        try fixture.converges()
    }

    @Test func showNeverLetsDataActOnTheTerminal() throws {
        let fixture = try Fixture("escape")
        defer { fixture.fleet.cleanUp() }
        let forged = "\n\u{1B}[2J+ forged   create: harmless"
        var original = ""
        try fixture.edit { plan in
            original = plan.hosts[0].entries[0].guest
            plan.hosts[0].entries[0].guest += forged
        }
        let shown = try Testbed.virtfleet(["show", fixture.file])
        #expect(!shown.output.contains("\u{1B}"))
        #expect(!shown.output.contains("\n+ forged"))
        // Escaped, and cut to a bounded column width.
        #expect(shown.output.contains("+ \(original)\\u{A}\\u{1B}["), "\(shown.output)")
        // Applied, the forged entry is refused (its document names another guest) and printed escaped.
        let run = try fixture.apply()
        #expect(run.status == 1, "\(run.output)\n\(run.errors)")
        #expect(!(run.output + run.errors).contains("\u{1B}"))
        #expect(
            run.output.contains("\(original)\\u{A}\\u{1B}[2J+ forged   create: harmless: create failed: refused"),
            "\(run.output)\n\(run.errors)")
        #expect(try fixture.domains()["hv1"]?[original] == nil, "the forged entry's document must not be defined")
        try fixture.converges()
    }
}
