import VirtFleetDiagnostics

/// A disk's `<target dev>` name as libvirt reads it (`virDiskNameParse` in its `util/virutil.c`):
/// one of six prefixes, then lowercase ASCII letters that number the disk (`a` is 0, `z` 25, `aa`
/// 26). libvirt's QEMU driver refuses anything else. A trailing partition number (`vda1`) libvirt
/// ignores (it would number the disk as `vda`); virtfleet refuses it, so two disks can never be
/// one target by accident — that rule is virtfleet's, not libvirt's.
///
/// The prefix says nothing about the bus: libvirt takes `vdb` on SCSI or `sda` on virtio as written
/// (it only picks a bus from the prefix when none is given). Only the device limits it: a disk or
/// LUN never has an `fd` target, a floppy always has one (`virDomainDiskDefValidate`).
///
/// The structured-template decoders check every target they read with `check`; the raw-XML path
/// and what is observed are left as libvirt has them.
public struct DiskTarget: Hashable, Sendable {
    public enum Prefix: String, CaseIterable, Sendable {
        case fd, hd, vd, sd, xvd, ubd
    }

    public let prefix: Prefix
    /// The disk's number, as libvirt counts it: `vda` 0, `vdz` 25, `vdaa` 26.
    public let index: Int

    /// The target `name` names, or nil when libvirt would not take it.
    public init?(_ name: String) {
        guard let parts = Self.split(name), parts.digits.isEmpty, let index = Self.index(parts.letters) else { return nil }
        self.prefix = parts.prefix
        self.index = index
    }

    /// Throws one located line unless `name` is a target libvirt takes for `device` (nil: a disk,
    /// libvirt's default).
    public static func check(_ name: String, device: DiskDevice?, at location: SourceLocation) throws {
        guard let parts = split(name), index(parts.letters) != nil else {
            throw Diagnostic(
                "'\(name)' is not a valid disk target", at: location,
                hint: "start it with vd, sd, hd, xvd, ubd or fd, then lowercase letters only, such as vda, sdb or hdc")
        }
        guard parts.digits.isEmpty else {
            let disk = parts.prefix.rawValue + parts.letters
            throw Diagnostic(
                "disk target '\(name)' names a partition", at: location, hint: "a target names a whole disk: write \(disk)")
        }
        switch device ?? .disk {
        case .floppy where parts.prefix != .fd:
            throw Diagnostic(
                "a floppy's target starts with fd, not '\(name)'", at: location, hint: "write fda or fdb (libvirt refuses any other)")
        case .disk, .lun:
            guard parts.prefix == .fd else { return }
            throw Diagnostic(
                "disk target '\(name)' is a floppy's, but the device is a \((device ?? .disk).rawValue)", at: location,
                hint: "use a vd, sd, hd, xvd or ubd target, or write device: floppy")
        case .floppy, .cdrom:
            return
        }
    }

    /// The prefix, the letters and the digits after them; nil when `name` is not of that form.
    private static func split(_ name: String) -> (prefix: Prefix, letters: String, digits: String)? {
        guard let prefix = Prefix.allCases.first(where: { name.hasPrefix($0.rawValue) }) else { return nil }
        let rest = name.unicodeScalars.dropFirst(prefix.rawValue.count)
        let letters = rest.prefix { ("a"..."z").contains($0) }
        let digits = rest.dropFirst(letters.count)
        guard !letters.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return (prefix, String(String.UnicodeScalarView(letters)), String(String.UnicodeScalarView(digits)))
    }

    /// The number the letters give, as libvirt counts; nil past libvirt's `int`.
    private static func index(_ letters: String) -> Int? {
        var index = 0
        for (position, scalar) in letters.unicodeScalars.enumerated() {
            index = (index + (position == 0 ? 0 : 1)) * 26 + Int(scalar.value - UnicodeScalar("a").value)
            guard index <= Int(Int32.max) else { return nil }
        }
        return index
    }
}
