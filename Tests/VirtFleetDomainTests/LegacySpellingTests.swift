import Testing

@testable import VirtFleetDomain

@Suite struct LegacySpellingTests {
    private func modernized(_ text: String) throws -> String {
        XMLWriter.string(from: LegacySpelling.modernize(try LibXMLParser.parse(text, file: "legacy.xml")))
    }

    @Test func clockSyncBecomesOffset() throws {
        #expect(try modernized("<domain><clock sync='localtime'/></domain>").contains("<clock offset=\"localtime\"/>"))
    }

    @Test func wiremodeBecomesProtocol() throws {
        let out = try modernized("<serial type='tcp'><wiremode type='telnet'/></serial>")
        #expect(out.contains("<protocol type=\"telnet\"/>"))
        #expect(!out.contains("wiremode"))
    }

    @Test func vncPasswordBecomesPasswd() throws {
        #expect(try modernized("<graphics type='vnc' password='x'/>").contains("passwd=\"x\""))
    }

    @Test func usbIdsInDecimalAndOctalBecomeHex() throws {
        let out = try modernized("<source><vendor id='4660'/><product id='0137357'/></source>")
        #expect(out.contains("<vendor id=\"0x1234\"/>"))
        #expect(out.contains("<product id=\"0xbeef\"/>"))
    }

    @Test(arguments: [
        ("4660", "0x1234"), ("0137357", "0xbeef"), ("0xBEEF", "0xbeef"), ("0X1234", "0x1234"), ("0", "0x0000"), ("65535", "0xffff"),
    ])
    func usbIdsAreRewritten(id: String, hex: String) {
        #expect(LegacySpelling.usbID(id) == hex)
    }

    /// Left as written (libvirt then reports them): out of range, not a number in the 2008 format, or overflowing.
    @Test(arguments: ["65536", "-1", "0x10000", "089", "0o17", "0b1", "--5", "0x+1", "0+17", "１２", "", "99999999999999999999999"])
    func otherUsbIdsAreNotRewritten(id: String) {
        #expect(LegacySpelling.usbID(id) == nil)
    }

    @Test func undashedUUIDGetsDashes() throws {
        #expect(
            try modernized("<domain><uuid>4dea22b31d52d8f32516782e98ab3fa0</uuid></domain>")
                .contains("4dea22b3-1d52-d8f3-2516-782e98ab3fa0"))
    }
}
