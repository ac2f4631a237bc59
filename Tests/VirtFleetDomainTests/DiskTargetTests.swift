import Testing
import VirtFleetDiagnostics

@testable import VirtFleetDomain

/// Disk target names as libvirt's `virDiskNameParse` reads them: a known prefix, then lowercase
/// letters numbering the disk; nothing else, a partition number included.
@Suite struct DiskTargetTests {
    @Test(arguments: [
        ("vda", DiskTarget.Prefix.vd, 0), ("hdz", .hd, 25), ("sdaa", .sd, 26), ("sdzz", .sd, 701), ("xvdb", .xvd, 1),
        ("ubda", .ubd, 0), ("fdb", .fd, 1), ("sdaaaaaaa", .sd, 321_272_406),
    ])
    func aTargetIsAPrefixAndLettersNumberingTheDisk(name: String, prefix: DiskTarget.Prefix, index: Int) throws {
        let target = try #require(DiskTarget(name))
        #expect(target.prefix == prefix && target.index == index)
    }

    @Test(arguments: [
        "", "zz9", "vd", "xvd", "ubd", "vda1", "sda0", "hdc12", "vdA", "VDA", "vd a", " vda", "a/b", "nvme0n1", "vda-", "sdé",
        "sd" + String(repeating: "z", count: 7), "sd" + String(repeating: "z", count: 40),
    ])
    func anythingElseIsNoTarget(name: String) {
        #expect(DiskTarget(name) == nil)
    }

    private let here = SourceLocation(file: "t.yaml", line: 3, column: 9)

    /// libvirt's own pairing: a disk or LUN is never an `fd` target, a floppy always is; a CD-ROM
    /// takes any. The bus is free: libvirt takes `vdb` on SCSI or `sda` on virtio as written.
    @Test func onlyTheDeviceLimitsThePrefix() throws {
        for (name, device) in [("vda", nil), ("sda", DiskDevice.disk), ("hdc", .cdrom), ("fda", .cdrom), ("fdb", .floppy), ("sdb", .lun)] {
            #expect(throws: Never.self) { try DiskTarget.check(name, device: device, at: here) }
        }
        for (name, device) in [("fda", nil), ("fda", DiskDevice.disk), ("fdb", .lun), ("vda", .floppy), ("hda", .floppy)] {
            #expect(throws: Diagnostic.self) { try DiskTarget.check(name, device: device, at: here) }
        }
    }

    @Test func aBadTargetIsOneLocatedLine() {
        let error = #expect(throws: Diagnostic.self) { try DiskTarget.check("vda1", device: nil, at: here) }
        #expect(error?.description.hasPrefix("t.yaml:3:9: disk target 'vda1' names a partition") == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
    }
}
