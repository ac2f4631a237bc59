import Foundation
import Testing
import VirtFleetTestSupport

/// Each section of libvirt's domain format has a profile under Fixtures/golden and the exact XML
/// virtfleet renders for it. Regenerate after an intended change with `scripts/update-golden`.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")

    static var sections: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func everySeedSectionHasAGoldenFile() {
        #expect(Self.sections.count >= 15)
    }

    @Test(arguments: sections)
    func renderedXMLMatchesGoldenFile(section: String) throws {
        let profile = try String(contentsOf: Self.folder.appendingPathComponent("\(section).yaml"), encoding: .utf8)
        let fleet = try TestFleet([
            "inventory/hosts.yaml": TestFleet.hosts,
            "inventory/guests.yaml": "guests:\n  - { name: golden, template: profile, host: kvm1, uuid: 4dea22b31d52d8f32516782e98ab3fa0 }\n",
            "templates/profile.yaml": profile,
        ])
        let xml = try #require(try fleet.expand().first).xml
        let goldenFile = Self.folder.appendingPathComponent("\(section).xml")
        if ProcessInfo.processInfo.environment["VIRTFLEET_UPDATE_GOLDEN"] == "1" {
            try Data(xml.utf8).write(to: goldenFile)
        }
        let golden = try String(contentsOf: goldenFile, encoding: .utf8)
        #expect(xml == golden)
    }
}
