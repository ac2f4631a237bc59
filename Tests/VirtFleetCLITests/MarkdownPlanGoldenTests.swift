import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan

@testable import VirtFleetCLI

/// The Markdown plan, byte for byte: each case below is a hand-made plan, and
/// Fixtures/markdown/NAME.md is what `MarkdownPlanView` must print for it.
///
/// After an intended change, `scripts/update-golden` re-records the files: with
/// `VIRTFLEET_UPDATE_GOLDEN=1` each test writes its file and then FAILS ("re-recorded, review the
/// diff"), so a re-recording run can never pass; the script then runs the tests again normally.
@Suite struct MarkdownPlanGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/markdown")

    /// A password held in every document to define; it must never be printed.
    static let password = "pw-Xq7!z"

    static let cases: [String: (plan: Plan, verbose: Bool)] = [
        "every-action": (MarkdownPlans.everyAction, false),
        "every-action-verbose": (MarkdownPlans.everyAction, true),
        "hostile-values": (MarkdownPlans.hostile, false),
        "no-changes": (MarkdownPlans.noChanges, false),
        "resources": (ResourcePlans.everyKind, false),
        "resources-verbose": (ResourcePlans.everyKind, true),
    ]

    static var names: [String] { cases.keys.sorted() }

    @Test func everyCaseHasItsGoldenFileAndNoFileIsOrphaned() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        #expect(files.filter { !$0.hasSuffix(".md") } == [], "unexpected files in \(Self.folder.path)")
        let goldens = Set(files.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) })
        #expect(Set(Self.names).subtracting(goldens).sorted() == [], "cases without a golden file (run scripts/update-golden)")
        #expect(goldens.subtracting(Self.names).sorted() == [], "golden files without a case (remove them)")
    }

    @Test(arguments: names)
    func markdownMatchesGoldenFile(name: String) throws {
        let (plan, verbose) = try #require(Self.cases[name])
        let markdown = MarkdownPlanView(verbose: verbose).render(plan)
        try GoldenFile.check(markdown, against: Self.folder.appendingPathComponent("\(name).md"))
        #expect(!markdown.contains(Self.password), "a secret reached the Markdown plan")
    }

    @Test func theFirstLineIsTheMarkerABotSearchesFor() {
        let markdown = MarkdownPlanView().render(MarkdownPlans.everyAction)
        #expect(markdown.hasPrefix("<!-- virtfleet-plan fleet=lab -->\n## virtfleet plan: lab\n"))
        #expect(MarkdownPlanView.marker(fleet: "a --> <b>") == "<!-- virtfleet-plan fleet=a%20--%3E%20%3Cb%3E -->")
    }

    @Test func theOutputIsTheSameForTheSamePlan() {
        let plan = MarkdownPlans.everyAction
        #expect(MarkdownPlanView().render(plan) == MarkdownPlanView().render(plan))
    }

    /// What makes the hostile case safe, checked on the text itself and not only by comparison.
    @Test func hostileValuesNeitherBreakTheTableNorAddHTML() throws {
        let markdown = MarkdownPlanView().render(MarkdownPlans.hostile)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!markdown.replacingOccurrences(of: "\\<", with: "").contains("<script"), "raw HTML from a value")
        #expect(!markdown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "a control character from a value")
        // Outside code blocks, the only raw tags are the view's own: the marker and the <details> blocks.
        var inCode = false
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inCode.toggle()
                continue
            }
            guard !inCode else { continue }
            var rest = line
            for own in ["<!-- virtfleet-plan", "<details>", "<summary>", "</summary>", "</details>"] {
                rest = rest.replacingOccurrences(of: own, with: "")
            }
            #expect(Self.unescaped("<", in: rest) == 0, "raw HTML in: \(line)")
        }
        #expect(!inCode, "a code block is left open")
        // Every table row has as many unescaped bars as the header.
        let rows = lines.filter { $0.hasPrefix("| ") }
        let header = try #require(rows.first)
        #expect(rows.count == 4, "the header, its delimiter row and two hosts with changes")
        for row in rows { #expect(Self.unescaped("|", in: row) == Self.unescaped("|", in: header), "\(row)") }
        // The change lines' code block is closed only by its own fence.
        let opening = try #require(lines.first { $0.hasPrefix("  ``") && $0.hasSuffix("text") })
        let fence = String(opening.dropFirst(2).dropLast(4))
        #expect(fence.count > 3, "a value holds ``` so the fence must be longer")
        let body = try #require(lines.firstIndex(of: opening))
        let closing = try #require(lines[(body + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") })
        #expect(lines[closing] == "  " + fence)
    }

    /// How often `character` occurs in `line` without a backslash before it.
    static func unescaped(_ target: Character, in line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if character == target, !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }
}

/// The plans the golden files are made from. Built by hand: every kind of entry appears, with
/// hashes and UUIDs that only need to be stable.
enum MarkdownPlans {
    static func definition(_ guest: String) -> Definition {
        Definition(
            xml:
                "<domain><name>\(guest)</name><devices><graphics type='vnc' passwd='\(MarkdownPlanGoldenTests.password)'/></devices></domain>",
            hash: String(repeating: "ab", count: 32))
    }

    static func observed(_ state: DomainState, uuid: String = "00000000-0000-5000-8000-000000000001") -> ObservedFingerprint {
        ObservedFingerprint(uuid: uuid, state: state, readbackHash: String(repeating: "cd", count: 32))
    }

    static func entry(
        _ host: String, _ guest: String, _ change: Change, desired: DesiredState = .running, observed: ObservedFingerprint? = nil
    ) -> PlanEntry {
        PlanEntry(host: host, guest: guest, desiredState: desired, change: change, observed: observed)
    }

    static func redefine(
        _ guest: String, _ cause: Redefinition.Cause, then: PowerChange = .none, restart: Bool = false, _ differences: [Difference]
    ) -> Change {
        .redefine(Redefinition(cause: cause, definition: definition(guest), then: then, restartNeeded: restart, differences: differences))
    }

    static let fingerprint = String(repeating: "ef", count: 32)

    static let everyAction = Plan(
        fleet: "lab",
        hosts: [
            HostPlan(
                host: "kvm1", fingerprint: fingerprint,
                entries: [
                    entry("kvm1", "app-1", .create(Creation(definition: definition("app-1"), start: true))),
                    entry("kvm1", "batch", .create(Creation(definition: definition("batch"), start: false)), desired: .stopped),
                    entry("kvm1", "mover", .create(Creation(definition: definition("mover"), start: true, movesFrom: "kvm2"))),
                    entry(
                        "kvm1", "web-1",
                        redefine(
                            "web-1", .inventoryChanged, restart: true,
                            [
                                .value(path: "memory", wanted: "'2097152'", found: "'1048576'"),
                                .value(path: "devices/interface[1]/model@type", wanted: "'virtio'", found: nil),
                            ]), observed: observed(.running)),
                    entry(
                        "kvm1", "web-2", redefine("web-2", .changedOutside, then: .start, [.outsideInventory]),
                        observed: observed(.shutoff)),
                    entry("kvm1", "web-3", redefine("web-3", .secretDiffers, [.secret]), desired: .stopped, observed: observed(.shutoff)),
                    entry(
                        "kvm1", "web-4", redefine("web-4", .notKeptLastTime, then: .stop, []), desired: .stopped,
                        observed: observed(.running)),
                    entry("kvm1", "db", .start, observed: observed(.shutoff)),
                    entry("kvm1", "cache", .stop, desired: .stopped, observed: observed(.running)),
                    entry("kvm1", "old", .delete(.declaredAbsent), desired: .absent, observed: observed(.shutoff)),
                    entry("kvm1", "pv-guest", .conflict(.unmanaged), observed: observed(.running)),
                    entry("kvm1", "lagging", .restart, observed: observed(.running)),
                    entry("kvm1", "steady", .noChange(.upToDate), observed: observed(.running)),
                ]),
            HostPlan(
                host: "kvm2", fingerprint: fingerprint,
                entries: [
                    entry("kvm2", "theirs", .conflict(.fleet("other-lab")), observed: observed(.running)),
                    entry("kvm2", "mover", .delete(.undeclared), desired: .absent, observed: observed(.running)),
                ]),
            HostPlan(
                host: "kvm3", fingerprint: nil,
                unreachable: HypervisorError(
                    host: "kvm3", cause: .connect, message: "ssh virtfleet@192.0.2.13:22: cannot connect: Timeout connecting to 192.0.2.13"),
                entries: []),
            HostPlan(
                host: "kvm4", fingerprint: fingerprint,
                entries: [
                    entry("kvm4", "quiet-1", .noChange(.upToDate), observed: observed(.running)),
                    entry("kvm4", "gone", .noChange(.absentAndNotDefined), desired: .absent),
                ]),
            HostPlan(host: "kvm5", fingerprint: fingerprint, entries: []),
        ])

    /// Names, paths, values and messages that try to break the table, open code, add HTML or act on a terminal.
    static let hostile = Plan(
        fleet: "lab",
        hosts: [
            HostPlan(
                host: "kvm1", fingerprint: fingerprint,
                entries: [
                    entry(
                        "kvm1", "a|b`c`<script>alert(1)</script>*x*_y_[z](http://e)", .delete(.undeclared), desired: .absent,
                        observed: observed(.running)),
                    entry(
                        "kvm1", "line\nbreak\u{1B}[31m\u{202E}~~$x$&amp;\\", .conflict(.fleet("<b>evil</b> | x")),
                        observed: observed(.running)),
                    entry(
                        "kvm1", "web",
                        redefine(
                            "web", .changedOutside,
                            [
                                .value(path: "description", wanted: "'```\n<img src=x onerror=alert(1)>'", found: "'a | b'"),
                                .value(path: "title", wanted: "'````'", found: nil),
                            ]), observed: observed(.shutoff)),
                ]),
            HostPlan(
                host: "kvm|2", fingerprint: nil,
                unreachable: HypervisorError(
                    host: "kvm|2", cause: .libvirt(code: 1), message: "libvirt: <iframe src=x>\nqemu said: **boom** | `rm -rf`"),
                entries: []),
        ])

    static let noChanges = Plan(
        fleet: "lab",
        hosts: [
            HostPlan(
                host: "kvm1", fingerprint: fingerprint,
                entries: [
                    entry("kvm1", "a", .noChange(.upToDate), observed: observed(.running)),
                    entry("kvm1", "b", .noChange(.absentAndNotOurs), desired: .absent, observed: observed(.running)),
                ]),
            HostPlan(host: "kvm2", fingerprint: fingerprint, entries: []),
        ])
}
