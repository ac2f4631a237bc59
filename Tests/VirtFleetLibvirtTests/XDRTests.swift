import Foundation
import Testing

@testable import VirtFleetLibvirt

/// XDR encoding and decoding against bytes worked out by hand from RFC 4506.
@Suite("XDR")
struct XDRTests {
    private func encoded(_ build: (inout XDREncoder) -> Void) -> [UInt8] {
        var encoder = XDREncoder()
        build(&encoder)
        return encoder.bytes
    }

    @Test func integersAreBigEndian() {
        #expect(encoded { $0.int(-2) } == [0xFF, 0xFF, 0xFF, 0xFE])
        #expect(encoded { $0.uint(0x0102_0304) } == [0x01, 0x02, 0x03, 0x04])
        #expect(encoded { $0.hyper(-1) } == [UInt8](repeating: 0xFF, count: 8))
        #expect(encoded { $0.uhyper(9_000_000) } == [0, 0, 0, 0, 0x00, 0x89, 0x54, 0x40])
        #expect(encoded { $0.bool(true) } == [0, 0, 0, 1])
        #expect(encoded { $0.bool(false) } == [0, 0, 0, 0])
    }

    @Test func stringsArePaddedToFourBytes() {
        #expect(encoded { $0.string("") } == [0, 0, 0, 0])
        #expect(encoded { $0.string("abc") } == [0, 0, 0, 3, 0x61, 0x62, 0x63, 0])
        #expect(encoded { $0.string("abcd") } == [0, 0, 0, 4, 0x61, 0x62, 0x63, 0x64])
        #expect(encoded { $0.string("abcde") } == [0, 0, 0, 5, 0x61, 0x62, 0x63, 0x64, 0x65, 0, 0, 0])
        // The length counts UTF-8 bytes, not characters.
        #expect(encoded { $0.string("é") } == [0, 0, 0, 2, 0xC3, 0xA9, 0, 0])
    }

    @Test func fixedOpaqueHasNoLengthWord() {
        let sixteen = [UInt8](0..<16)
        #expect(encoded { $0.fixedOpaque(sixteen) } == sixteen)
        #expect(encoded { $0.fixedOpaque([1, 2, 3]) } == [1, 2, 3, 0])
        #expect(encoded { $0.opaque([1, 2, 3]) } == [0, 0, 0, 3, 1, 2, 3, 0])
    }

    @Test func optionalAndArray() {
        #expect(encoded { $0.optional(String?.none) { $0.string($1) } } == [0, 0, 0, 0])
        #expect(encoded { $0.optional("x") { $0.string($1) } } == [0, 0, 0, 1, 0, 0, 0, 1, 0x78, 0, 0, 0])
        #expect(encoded { $0.array([Int32(1), 2]) { $0.int($1) } } == [0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2])
    }

    @Test func domainReferenceWireForm() throws {
        let uuid = try #require(UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF"))
        let bytes: [UInt8] =
            [0, 0, 0, 3, 0x76, 0x6D, 0x31, 0]  // "vm1" + 1 pad byte
            + [
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
            ]  // uuid, 16 bytes, no length
            + [0xFF, 0xFF, 0xFF, 0xFF]  // id -1
        let domain = DomainReference(name: "vm1", uuid: uuid, id: -1)
        #expect(domain.xdrBytes == bytes)
        #expect(try DomainReference(xdrBytes: bytes) == domain)
        #expect(!domain.isActive)
    }

    @Test func decoderSkipsPaddingAndReadsInOrder() throws {
        var decoder = XDRDecoder(
            [0, 0, 0, 3, 0x61, 0x62, 0x63, 0, 0, 0, 0, 7, 0, 0, 0, 1]
                + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE])
        #expect(try decoder.string() == "abc")
        #expect(try decoder.int() == 7)
        #expect(try decoder.optional { d throws(XDRError) in try d.hyper() } == -2)
        #expect(decoder.isAtEnd)
    }

    @Test func malformedInputIsAnErrorNotACrash() {
        var short = XDRDecoder([0, 0, 1])
        #expect(throws: XDRError.truncated(needed: 4, available: 3, offset: 0)) { try short.int() }
        var badBool = XDRDecoder([0, 0, 0, 2])
        #expect(throws: XDRError.invalidBool(2, offset: 0)) { try badBool.bool() }
        var overlong = XDRDecoder([0, 0, 0, 5, 0x61, 0x62, 0x63, 0x64])
        #expect(throws: XDRError.self) { try overlong.string() }
        var notUTF8 = XDRDecoder([0, 0, 0, 1, 0xFF, 0, 0, 0])
        #expect(throws: XDRError.invalidUTF8(offset: 0)) { try notUTF8.string() }
        var hugeArray = XDRDecoder([0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: XDRError.lengthTooLarge(0x7FFF_FFFF, offset: 0)) {
            try hugeArray.array { d throws(XDRError) in try d.int() }
        }
        #expect(throws: XDRError.trailingBytes(4)) { try XDRInt(xdrBytes: [0, 0, 0, 1, 0, 0, 0, 2]) }
    }

    @Test func versionsAndNodeInfoDecode() throws {
        #expect(LibvirtVersion(encoded: 9_000_000).description == "9.0.0")
        #expect(LibvirtVersion(encoded: 7_002_022) == LibvirtVersion(major: 7, minor: 2, release: 22))
        // `char model[32]`: 32 four-byte units, one character each.
        var encoder = XDREncoder()
        for index in 0..<32 { encoder.int(index < 6 ? Int32(Array("x86_64".utf8)[index]) : 0) }
        encoder.uhyper(5_597_396)
        for value: Int32 in [2, 2596, 1, 1, 2, 1] { encoder.int(value) }
        #expect(encoder.bytes.count == 32 * 4 + 8 + 6 * 4)
        let info = try NodeInfo(xdrBytes: encoder.bytes)
        #expect(info.model == "x86_64")
        #expect(info.memoryKiB == 5_597_396)
        #expect(info.cpus == 2 && info.mhz == 2596 && info.cores == 2 && info.threads == 1)
    }
}
