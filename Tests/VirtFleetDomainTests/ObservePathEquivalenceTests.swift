import Foundation
import Testing

@testable import VirtFleetDomain

/// The observe path was made faster (issue 12) without changing a result: every read-back hash
/// already stored on a domain must still match. Each fast path is checked here against the
/// straightforward code it replaced, over the read-back corpus and documents made to hit the
/// corner cases (devices of one name, names that prefix others, secrets, Unicode whitespace).
@Suite struct ObservePathEquivalenceTests {
    /// The canonical device order as first written: sort by name, NUL, serialized form.
    static func referenceCanonical(_ domain: DomainXMLElement) -> DomainXMLElement {
        var copy = domain
        copy.modifyChild("devices") { devices in
            // Virtio consoles without their port (libvirt renumbers them), as `DomainHash.canonical` documents.
            let elements = devices.elements.map { device in
                guard device.name == "console", device.first("target")?[attribute: "type"] == "virtio" else { return device }
                var console = device
                console.modifyChild("target") { $0[attribute: "port"] = nil }
                return console
            }
            let keyed = elements.map { (key: $0.name + "\u{0}" + XMLWriter.string(from: $0), element: $0) }
            devices.children = keyed.sorted { $0.key < $1.key }.map { .element($0.element) }
        }
        return copy
    }

    static func referenceReadback(_ domain: DomainXMLElement) -> String {
        Digests.sha256Hex(XMLWriter.string(from: referenceCanonical(Secrets.strip(DomainHash.withoutOwnership(domain)).0)))
    }

    static let corpus: [(String, String)] = {
        let folder = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Integration/Corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted().compactMap { name in
            (try? String(contentsOf: folder.appending(path: name), encoding: .utf8)).map { (name, $0) }
        }
    }()

    static let crafted = """
        <domain type='kvm'>
          <name>c</name>
          <metadata><vf:owner xmlns:vf='https://virtfleet.dev/xmlns/owner/1' fleet='f' guest='c'/><x:y xmlns:x='urn:x'/></metadata>
          <devices>
            <input type='tablet' bus='usb'/>
            <controller type='usb' index='0'/>
            <input type='mouse' bus='ps2'/>
            <inputx a='1'/>
            <controller type='pci' index='0' model='pci-root'/>
            <graphics type='vnc' passwd='pw1'><listen type='address'/></graphics>
            <controller type='usb' index='0'/>
            <ïnput type='ü'/>
            <input type='keyboard' bus='ps2'>  </input>
            <emulator>/usr/bin/qemu &amp; co</emulator>
            <graphics type='spice' passwd='pw2'/>
            <input type='mouse' bus='ps2'/>
          </devices>
        </domain>
        """

    @Test func readbackHashIsUnchangedOverTheCorpus() throws {
        #expect(Self.corpus.count > 50)
        for (name, text) in Self.corpus {
            let domain = try LibXMLParser.parse(text, file: name)
            #expect(DomainHash.readback(domain) == Self.referenceReadback(domain), "\(name)")
            #expect(
                XMLWriter.string(from: DomainHash.canonical(domain)) == XMLWriter.string(from: Self.referenceCanonical(domain)),
                "\(name)")
        }
    }

    @Test func readbackHashIsUnchangedForRepeatedAndPrefixedNames() throws {
        let domain = try LibXMLParser.parse(Self.crafted, file: "crafted.xml")
        #expect(DomainHash.readback(domain) == Self.referenceReadback(domain))
        #expect(DomainHash.readback(domain) == "1a41dbade7248404a9fe93270c75d8e1f8a4d42bfef746e0294d42335c6f9f9e")
        let order = DomainHash.canonical(domain).first("devices")?.elements.map(\.name)
        #expect(
            order == [
                "controller", "controller", "controller", "emulator", "graphics", "graphics", "input", "input", "input", "input", "inputx",
                "ïnput",
            ])
    }

    @Test func secretsAreStrippedOnlyWhereThereAreSome() throws {
        let domain = try LibXMLParser.parse(Self.crafted, file: "crafted.xml")
        let (stripped, values) = Secrets.strip(domain)
        #expect(values == ["pw1", "pw2"])
        #expect(!XMLWriter.string(from: stripped).contains("passwd"))
        let plain = try LibXMLParser.parse("<domain><devices><graphics type='vnc'/></devices></domain>", file: "p.xml")
        let (same, none) = Secrets.strip(plain)
        #expect(same == plain)
        #expect(none.isEmpty)
    }

    @Test func whitespaceTestAgreesWithUnicode() {
        let samples = [
            "", " ", "\n  ", "\t\r\n", "\r\n", "\u{0B}\u{0C}", " x ", "x", "\u{A0}", " \u{A0} ", "\u{2028}", "\u{3000}\n",
            "\u{85}", " \u{301}", "e\u{301}", "\u{200B}", " \u{1F600}", "\n\u{0}",
        ]
        for sample in samples {
            #expect(LibXMLParser.isWhitespace(sample) == sample.allSatisfy(\.isWhitespace), "\(sample.unicodeScalars.map(\.value))")
        }
    }

    @Test func attributeAndTextValuesReadAsBefore() throws {
        let text = "<d a='' b='x &amp; y' c='&#233;t&#xE9;' e='&lt;&gt;'><t>a &amp; b</t><u><![CDATA[<raw>]]></u><v/></d>"
        let root = try LibXMLParser.parse(text, file: "v.xml")
        #expect(root.attributes.map(\.value) == ["", "x & y", "été", "<>"])
        #expect(root.first("t")?.text == "a & b")
        #expect(root.first("u")?.text == "<raw>")
        #expect(root.first("v")?.children.isEmpty == true)
    }

    @Test func hexIsTwoLowerCaseDigitsPerByte() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Digests.hex(bytes) == bytes.map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined())
        #expect(Digests.hex([]) == "")
    }
}
