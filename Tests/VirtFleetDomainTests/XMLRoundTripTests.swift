import Testing
import VirtFleetDiagnostics

@testable import VirtFleetDomain

@Suite struct XMLRoundTripTests {
    @Test func valuesAreEscapedByTheWriter() throws {
        var root = DomainXMLElement("domain", attributes: [XMLAttribute("type", "kvm")])
        root.append("name", text: "a & <x> \"q\"")
        let text = XMLWriter.string(from: root)
        #expect(text.contains("a &amp; &lt;x&gt; &quot;q&quot;"))
        let parsed = try LibXMLParser.parse(text, file: "t.xml")
        #expect(parsed == root)
    }

    @Test func malformedXMLIsReportedWithLineAndColumn() {
        let text = "<domain>\n  <name>x</nam>\n</domain>\n"
        #expect {
            _ = try LibXMLParser.parse(text, file: "bad.xml")
        } throws: { error in
            let d = error as! Diagnostic
            return d.location?.file == "bad.xml" && d.location?.line == 2 && d.description.contains("XML error")
        }
    }

    @Test func namespacesSurviveARoundTrip() throws {
        let text = "<domain><metadata><vf:guest xmlns:vf=\"urn:x\" fleet=\"f\"/></metadata></domain>"
        let parsed = try LibXMLParser.parse(text, file: "t.xml")
        let guest = try #require(parsed.first("metadata")?.first("vf:guest"))
        #expect(guest[attribute: "xmlns:vf"] == "urn:x")
        #expect(guest[attribute: "fleet"] == "f")
        #expect(try LibXMLParser.parse(XMLWriter.string(from: parsed), file: "t.xml") == parsed)
    }
}
