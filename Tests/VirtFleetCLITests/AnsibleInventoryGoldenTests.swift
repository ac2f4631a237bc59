import Foundation
import Testing
import VirtFleetTestSupport

/// `virtfleet inventory` of the bundled example fleet (`inventories/example`), byte for byte, as
/// dynamic-inventory JSON and as static YAML: Fixtures/ansible/example.json and example.yaml.
/// (Both forms were read with ansible-inventory 2.19: `--graph`, `--host`.)
@Suite struct AnsibleInventoryGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ansible")
    static let example = Repository.root.appendingPathComponent("inventories/example").path

    @Test(arguments: [("example.json", ["--list"]), ("example.yaml", ["--format", "yaml"])])
    func theExampleFleetMatchesItsGoldenFile(file: String, arguments: [String]) async throws {
        let run = await CommandHarness().run(["inventory", "-i", Self.example] + arguments)
        #expect(run.code == 0, "\(run.errors)")
        try GoldenFile.check(run.output, against: Self.folder.appendingPathComponent(file))
    }

    @Test func noGoldenFileIsOrphaned() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(files == ["example.json", "example.yaml"])
    }
}
