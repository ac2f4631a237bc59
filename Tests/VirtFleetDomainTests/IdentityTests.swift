import Testing

@testable import VirtFleetDomain

@Suite struct IdentityTests {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func sha1MatchesKnownVector() {
        #expect(hex(Digests.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(Digests.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digests.sha256Hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func guestUUIDIsVersion5OfFleetNamespace() {
        // Python: uuid5(uuid5(NAMESPACE_URL, 'urn:virtfleet:fleet:lab'), 'web-1')
        #expect(Identity.uuid(fleet: "lab", guest: "web-1") == "7c0cfc70-905a-59c4-96c9-deea8979f172")
    }

    @Test func derivedMACUsesQEMUPrefixAndHash() {
        #expect(Identity.mac(fleet: "lab", guest: "web-1", interface: 0) == "52:54:00:98:62:8d")
        #expect(Identity.mac(fleet: "lab", guest: "web-1", interface: 1) != Identity.mac(fleet: "lab", guest: "web-1", interface: 0))
    }

    @Test(arguments: [
        ("4dea22b31d52d8f32516782e98ab3fa0", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"),
        ("4DEA22B3-1D52-D8F3-2516-782E98AB3FA0", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0"),
    ])
    func uuidsAreNormalized(input: String, expected: String) {
        #expect(Identity.normalizeUUID(input) == expected)
    }

    @Test(arguments: ["4dea22b3-1d52", "zzea22b31d52d8f32516782e98ab3fa0", "4dea-22b31d52d8f32516782e98ab3fa0"])
    func malformedUUIDsAreRejected(input: String) {
        #expect(Identity.normalizeUUID(input) == nil)
    }

    @Test func multicastMACsAreRejected() {
        #expect(Identity.normalizeMAC("01:00:5e:00:00:01") == nil)
        #expect(Identity.normalizeMAC("52:54:00:AB:CD:EF") == "52:54:00:ab:cd:ef")
        #expect(Identity.normalizeMAC("52:54:00:ab:cd") == nil)
    }

    @Test func ownershipMetadataRoundTripsThroughXML() throws {
        let owner = OwnershipMetadata(fleet: "lab", guest: "web-1", desiredHash: "abc")
        var domain = DomainXMLElement("domain")
        domain.append(DomainXMLElement("metadata", children: [.element(owner.element)]))
        let parsed = try LibXMLParser.parse(XMLWriter.string(from: domain), file: "t.xml")
        #expect(OwnershipMetadata(domain: parsed) == owner)
    }

    @Test func foreignMetadataIsNotOwnership() throws {
        let text = "<domain><metadata><x:owner xmlns:x='urn:other' fleet='lab' guest='a'/></metadata></domain>"
        #expect(OwnershipMetadata(domain: try LibXMLParser.parse(text, file: "t.xml")) == nil)
    }
}
