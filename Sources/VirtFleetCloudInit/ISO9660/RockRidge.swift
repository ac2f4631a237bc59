/// The System Use Sharing Protocol (SUSP 1.10) and Rock Ridge (RRIP 1.10) entries a seed needs:
/// enough for a POSIX reader (Linux's isofs, which cloud-init mounts) to show the long,
/// lower-case names read-only, as `genisoimage -r` does.
enum RockRidge {
    /// `SP`: first entry of the root's "." record; says SUSP is in use.
    static let sharingProtocol: [UInt8] = [0x53, 0x50, 7, 1, 0xBE, 0xEF, 0]

    /// `CE`: the rest of this record's entries are at `offset` in block `block`, `length` bytes.
    static func continuation(block: UInt32, offset: UInt32, length: UInt32) -> [UInt8] {
        var entry = ByteBuilder()
        entry.append([0x43, 0x45, 28, 1])
        entry.bothEndian32(block)
        entry.bothEndian32(offset)
        entry.bothEndian32(length)
        return entry.bytes
    }

    /// `ER`: names the extension in use. The identifier, descriptor and source texts are the ones
    /// RRIP 1.10 prescribes for itself, which readers (Linux among them) look for.
    static let extensionReference: [UInt8] = {
        let identifier = Array("RRIP_1991A".utf8)
        let descriptor = Array("THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS".utf8)
        let source = Array(
            "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION."
                .utf8)
        var entry: [UInt8] = [0x45, 0x52, UInt8(8 + identifier.count + descriptor.count + source.count), 1]
        entry += [UInt8(identifier.count), UInt8(descriptor.count), UInt8(source.count), 1]
        return entry + identifier + descriptor + source
    }()

    /// `PX` (RRIP 1.10 form, 36 bytes): mode, link count, owner and group (root).
    static func posixAttributes(mode: UInt32, links: UInt32) -> [UInt8] {
        var entry = ByteBuilder()
        entry.append([0x50, 0x58, 36, 1])
        entry.bothEndian32(mode)
        entry.bothEndian32(links)
        entry.bothEndian32(0)
        entry.bothEndian32(0)
        return entry.bytes
    }

    /// `TF`: modification, access and attribute-change times, each in the 7-byte form.
    static func timestamps(_ recorded: [UInt8]) -> [UInt8] {
        [0x54, 0x46, UInt8(5 + 3 * recorded.count), 1, 0x0E] + recorded + recorded + recorded
    }

    /// `NM`: the file's real name, in one entry (names here are short).
    static func alternateName(_ name: [UInt8]) throws(NoCloudSeedError) -> [UInt8] {
        guard name.count <= 250 else { throw .layout("a \(name.count)-byte Rock Ridge name") }
        return [0x4E, 0x4D, UInt8(5 + name.count), 1, 0] + name
    }

    /// `S_IFDIR | 0555` and `S_IFREG | 0444`: everything on the seed is read-only.
    static let directoryMode: UInt32 = 0o040555
    static let fileMode: UInt32 = 0o100444
}
