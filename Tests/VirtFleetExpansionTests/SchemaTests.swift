import Foundation
import Testing
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetInventory

/// Every document virtfleet renders for the bundled example, and every golden file, must pass
/// libvirt's own RelaxNG schema (the check `virt-xml-validate` does).
@Suite struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Compiled once for the suite: compiling libvirt's schema in two tests at once failed now
    /// and then ("could not be compiled"), libxml2's RelaxNG compiler not being safe to run
    /// concurrently. virtfleet itself compiles it once per process.
    private static let compiled = Result { try RelaxNGValidator() }

    private func validator() throws -> RelaxNGValidator {
        do {
            return try Self.compiled.get()
        } catch {
            Issue.record("libvirt's schema is needed for this test: \(error)")
            throw error
        }
    }

    @Test func everyExampleDocumentPassesLibvirtsSchema() throws {
        let validator = try validator()
        let inventory = try InventoryLoader.load(paths: [Self.repository.appendingPathComponent("inventories/example").path])
        let present = try Expander.expand(inventory).filter { $0.state != .absent }
        #expect(present.count >= 10)
        for guest in present {
            #expect(validator.problems(in: guest.xml) == [], "\(guest.host)/\(guest.name)")
        }
    }

    @Test func everyGoldenDocumentPassesLibvirtsSchema() throws {
        let validator = try validator()
        let folder = GoldenTests.folder
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }
        #expect(!files.isEmpty)
        for file in files {
            let xml = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(validator.problems(in: xml) == [], "\(file)")
        }
    }

    @Test func theSchemaRejectsWhatLibvirtRejects() throws {
        let problems = try validator().problems(in: "<domain type='kvm'><name>x</name><clock sync='localtime'/></domain>")
        #expect(!problems.isEmpty)
    }
}
