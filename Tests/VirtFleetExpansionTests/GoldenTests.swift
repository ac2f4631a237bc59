import Foundation
import Testing
import VirtFleetTestSupport

/// Each section of libvirt's domain format has a profile under Fixtures/golden (`NN-name.yaml`)
/// and the exact XML virtfleet renders for it (`NN-name.xml`).
///
/// After an intended change, `scripts/update-golden` re-records the XML: with
/// `VIRTFLEET_UPDATE_GOLDEN=1` each test writes its file and then FAILS ("re-recorded, review the
/// diff"), so a re-recording run can never pass; the script then runs the tests again normally.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")
    static let updating = ProcessInfo.processInfo.environment["VIRTFLEET_UPDATE_GOLDEN"] == "1"

    static func names(withExtension suffix: String) -> Set<String> {
        Set(
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".\(suffix)") }.map { String($0.dropLast(suffix.count + 1)) })
    }

    static var sections: [String] { names(withExtension: "yaml").sorted() }

    @Test func everyProfileHasItsGoldenXMLAndNoXMLIsOrphaned() throws {
        let profiles = Self.names(withExtension: "yaml")
        let goldens = Self.names(withExtension: "xml")
        #expect(profiles.subtracting(goldens).sorted() == [], "profiles without golden XML (run scripts/update-golden)")
        #expect(goldens.subtracting(profiles).sorted() == [], "golden XML without a profile (remove it)")
        #expect(profiles.intersection(goldens).count >= 15)
        let others = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { !$0.hasSuffix(".yaml") && !$0.hasSuffix(".xml") }
        #expect(others == [], "unexpected files in \(Self.folder.path)")
    }

    @Test(arguments: sections)
    func renderedXMLMatchesGoldenFile(section: String) throws {
        let profile = try String(contentsOf: Self.folder.appendingPathComponent("\(section).yaml"), encoding: .utf8)
        let fleet = try TestFleet([
            "inventory/hosts.yaml": TestFleet.hosts,
            "inventory/guests.yaml":
                "guests:\n  - { name: golden, template: profile, host: kvm1, uuid: 4dea22b31d52d8f32516782e98ab3fa0 }\n",
            "templates/profile.yaml": profile,
        ])
        let xml = try #require(try fleet.expand().first).xml
        let goldenFile = Self.folder.appendingPathComponent("\(section).xml")
        let golden = try? String(contentsOf: goldenFile, encoding: .utf8)
        if Self.updating {
            // Recording is never a pass: the run fails and the diff must be reviewed.
            if golden == xml {
                Issue.record("VIRTFLEET_UPDATE_GOLDEN=1: \(section).xml unchanged; run the tests without it to check")
            } else {
                try Data(xml.utf8).write(to: goldenFile)
                Issue.record("VIRTFLEET_UPDATE_GOLDEN=1: re-recorded \(section).xml, review the diff (git diff \(goldenFile.path))")
            }
            return
        }
        let expected = try #require(golden, "\(section).xml is missing: run scripts/update-golden and review the result")
        #expect(xml == expected)
    }
}
