import Foundation
import Testing

@testable import VirtFleetLibvirt

/// `remote_error`, the body of an error reply, decoded from bytes written out by hand.
@Suite("remote_error")
struct RemoteErrorTests {
    static let uuid: [UInt8] = [
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
    ]

    /// code 42 (NO_DOMAIN), domain 10 (QEMU), message "no vm1", level 2,
    /// dom {vm1, uuid, -1}, str1 "vm1", str2 and str3 absent, int1 0, int2 0, net absent.
    static let body: [UInt8] =
        [0, 0, 0, 42, 0, 0, 0, 10]
        + [0, 0, 0, 1, 0, 0, 0, 6, 0x6E, 0x6F, 0x20, 0x76, 0x6D, 0x31, 0, 0]  // message: present, "no vm1" + 2 pad
        + [0, 0, 0, 2]  // level
        + [0, 0, 0, 1, 0, 0, 0, 3, 0x76, 0x6D, 0x31, 0] + uuid + [0xFF, 0xFF, 0xFF, 0xFF]  // dom: present
        + [0, 0, 0, 1, 0, 0, 0, 3, 0x76, 0x6D, 0x31, 0]  // str1: present, "vm1"
        + [0, 0, 0, 0, 0, 0, 0, 0]  // str2, str3: absent
        + [0, 0, 0, 0, 0, 0, 0, 0]  // int1, int2
        + [0, 0, 0, 0]  // net: absent

    @Test func decodesEveryField() throws {
        let error = try LibvirtError(xdrBytes: Self.body)
        #expect(error.code == .noDomain)
        #expect(error.domain == 10)
        #expect(error.message == "no vm1")
        #expect(error.level == 2)
        #expect(error.serverDomainName == "vm1")
        #expect(error.str1 == "vm1")
        #expect(error.str2 == nil && error.str3 == nil)
        #expect(error.int1 == 0 && error.int2 == 0)
    }

    @Test func absentMessageAndDomainAreNil() throws {
        var encoder = XDREncoder()
        encoder.int(1)
        encoder.int(7)
        encoder.bool(false)
        encoder.int(2)
        encoder.bool(false)
        encoder.bool(false)
        encoder.bool(false)
        encoder.bool(false)
        encoder.int(0)
        encoder.int(0)
        encoder.bool(true)
        encoder.string("net0")
        encoder.fixedOpaque(Self.uuid)
        let error = try LibvirtError(xdrBytes: encoder.bytes)
        #expect(error.code == .internalError)
        #expect(error.message == nil && error.serverDomainName == nil)
        #expect(error.description == "libvirt error 1 with no message")
    }

    @Test func contextReadsLikeAnOperatorMessage() throws {
        let error = try LibvirtError(xdrBytes: Self.body).with(host: "hv1")
        #expect(error.description == "host hv1: guest vm1: no vm1")
        let named = error.with(host: "other", guest: "web-1")
        #expect(named.host == "hv1")  // existing context is kept
        #expect(named.description == "host hv1: guest web-1: no vm1")
    }

    @Test func truncatedErrorIsRefused() {
        #expect(throws: XDRError.self) { try LibvirtError(xdrBytes: Array(Self.body.dropLast(4))) }
    }
}
