import Testing

@testable import VirtFleetDomain

/// Where the ownership mark goes: into an existing `<metadata>` in place, or into a new one
/// where libvirt writes it (after name, uuid, genid, title and description).
@Suite struct OwnershipStampTests {
    private func order(_ domain: DomainXMLElement) -> [String] { domain.elements.map(\.name) }

    private func stamped(_ text: String) throws -> DomainXMLElement {
        OwnershipStamp.stamp(try LibXMLParser.parse(text, file: "d.xml"), fleet: "lab", guest: "a", desiredHash: "d", readbackHash: nil)
    }

    @Test(arguments: [
        ("<domain><name>a</name><uuid>u</uuid><memory>1</memory></domain>", ["name", "uuid", "metadata", "memory"]),
        (
            "<domain><name>a</name><uuid>u</uuid><genid/><title>t</title><description>d</description><memory>1</memory></domain>",
            ["name", "uuid", "genid", "title", "description", "metadata", "memory"]
        ),
        ("<domain><title>t</title><name>a</name><memory>1</memory></domain>", ["title", "name", "metadata", "memory"]),
        ("<domain><memory>1</memory></domain>", ["metadata", "memory"]),
        ("<domain/>", ["metadata"]),
    ])
    func aNewMetadataGoesWhereLibvirtWritesIt(text: String, expected: [String]) throws {
        let domain = try stamped(text)
        #expect(order(domain) == expected)
        #expect(OwnershipMetadata(domain: domain) == OwnershipMetadata(fleet: "lab", guest: "a", desiredHash: "d"))
    }

    @Test func anExistingMetadataKeepsItsPlaceAndForeignElementsAndLosesTheOldMark() throws {
        let text = """
            <domain><name>a</name><metadata><x:y xmlns:x='urn:x'/><o:owner xmlns:o='\(Identity.metadataNamespace)' fleet='old' guest='a'/></metadata>\
            <uuid>u</uuid><title>t</title></domain>
            """
        let domain = try stamped(text)
        #expect(order(domain) == ["name", "metadata", "uuid", "title"])
        let metadata = try #require(domain.first("metadata"))
        #expect(metadata.elements.map(\.name) == ["x:y", OwnershipMetadata.elementName])
        #expect(OwnershipMetadata(domain: domain)?.fleet == "lab")
    }

    @Test func stampingTwiceGivesOneMark() throws {
        let once = try stamped("<domain><name>a</name><uuid>u</uuid></domain>")
        let twice = OwnershipStamp.stamp(once, fleet: "lab", guest: "a", desiredHash: "e", readbackHash: "r")
        #expect(twice.first("metadata")?.elements.count == 1)
        #expect(OwnershipMetadata(domain: twice)?.readbackHash == "r")
    }
}
