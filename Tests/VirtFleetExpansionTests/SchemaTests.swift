import Foundation
import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetInventory
import VirtFleetTestSupport

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

    /// The example's pools, networks, images, volumes and seeds pass libvirt's storagepool,
    /// network and storagevol schemas; a document libvirt would refuse does not.
    @Test func everyExampleResourcePassesLibvirtsSchemas() throws {
        let inventory = try InventoryLoader.load(paths: [Self.repository.appendingPathComponent("inventories/example").path])
        let expansion = try Expander.expansion(inventory)
        #expect(expansion.hosts.flatMap(\.networks).count >= 2 && expansion.guests.contains { $0.seed != nil })
        try SchemaCheck.checkResources(expansion.hosts, guests: expansion.guests)
        var broken = expansion.hosts
        broken[0].pools[0].xml = broken[0].pools[0].xml.replacingOccurrences(of: "type=\"dir\"", with: "type=\"tape\"")
        #expect(throws: DiagnosticList.self) { try SchemaCheck.checkResources(broken, guests: []) }
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

    /// libxml2's check of libvirt's schema refuses a root `id` when `<metadata>` (or anything)
    /// splits `<name>`, `<uuid>` and `<genid>`; in schema order the same document passes.
    @Test func theHeaderInSchemaOrderPassesWithARootId() throws {
        let validator = try validator()
        let text = """
            <domain type='kvm' id='5'><name>n</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>\
            <metadata><x:a xmlns:x='urn:x'/></metadata><genid/><memory>1024</memory><title>t</title>\
            <os><type>hvm</type></os></domain>
            """
        var domain = try LibXMLParser.parse(text, file: "d.xml")
        #expect(!validator.problems(in: XMLWriter.string(from: domain)).isEmpty)
        OwnershipStamp.orderHeader(&domain)
        #expect(validator.problems(in: XMLWriter.string(from: domain)) == [])
        #expect(domain[attribute: "id"] == "5")
    }

    /// Raw templates with `<genid>`, `<title>`, an existing `<metadata>` and a root `id`, in
    /// awkward orders: every rendered document passes the schema.
    @Test(arguments: [
        "<genid/><title>t</title>",
        "<vcpu>1</vcpu><genid/>",
        "<metadata><x:a xmlns:x='urn:x'/></metadata><title>t</title><genid/>",
        "<uuid>2f6c0e1a-0c5e-4d7a-9d7e-3b1f7a2b9c11</uuid><metadata><x:a xmlns:x='urn:x'/></metadata><genid/>",
        "<description>d</description><name>g</name><genid/>",
    ])
    func rawTemplatesWithAnyHeaderOrderPassLibvirtsSchema(header: String) throws {
        let validator = try validator()
        let fleet = try TestFleet([
            "inventory/hosts.yaml": TestFleet.hosts,
            "inventory/guests.yaml": "guests:\n  - { name: g, template: t, host: kvm1, uuid: 2f6c0e1a-0c5e-4d7a-9d7e-3b1f7a2b9c11 }\n",
            "templates/t.xml": "<domain type='kvm' id='3'>\(header)<memory unit='MiB'>64</memory><os><type>hvm</type></os></domain>",
        ])
        let guests = try fleet.expand()
        #expect(guests.count == 1)
        for guest in guests {
            #expect(validator.problems(in: guest.xml) == [], "\(guest.xml)")
        }
    }
}
