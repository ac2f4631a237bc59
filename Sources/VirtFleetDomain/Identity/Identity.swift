/// Deterministic identity for guests, so every render gives the same UUIDs and MACs
/// without a state file (libvirt refuses to redefine a name with a different UUID).
public enum Identity {
    /// RFC 4122's URL namespace; a fleet's own namespace is derived from it.
    static let urlNamespace: [UInt8] = [
        0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
        0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
    ]

    /// Namespace of virtfleet's ownership metadata element on each domain.
    public static let metadataNamespace = "https://virtfleet.dev/xmlns/owner/1"

    /// UUIDv5(UUIDv5(URL, "urn:virtfleet:fleet:FLEET"), GUEST).
    public static func uuid(fleet: String, guest: String) -> String {
        let namespace = uuidV5(namespace: urlNamespace, name: "urn:virtfleet:fleet:\(fleet)")
        return format(uuidV5(namespace: namespace, name: guest))
    }

    /// A MAC in QEMU's locally administered range 52:54:00, derived from fleet, guest and NIC position;
    /// `attempt` picks the next candidate when an earlier one is already taken in the fleet.
    public static func mac(fleet: String, guest: String, interface: Int, attempt: Int = 0) -> String {
        let salt = attempt == 0 ? "" : "#\(attempt)"
        let digest = Digests.sha1(Array("mac:\(fleet)/\(guest)/\(interface)\(salt)".utf8))
        return (["52", "54", "00"] + digest.prefix(3).map { Digests.hex([$0]) }).joined(separator: ":")
    }

    static func uuidV5(namespace: [UInt8], name: String) -> [UInt8] {
        var bytes = Array(Digests.sha1(namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    static func format(_ bytes: [UInt8]) -> String {
        let hex = Digests.hex(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    /// Canonical lower-case 8-4-4-4-12 form of a user-given UUID (with or without dashes), or nil.
    public static func normalizeUUID(_ text: String) -> String? {
        let hex = text.lowercased().filter { $0 != "-" }
        guard hex.count == 32, hex.allSatisfy(isASCIIHexDigit) else { return nil }
        let dashes = text.indices.filter { text[$0] == "-" }.map { text.distance(from: text.startIndex, to: $0) }
        guard dashes.isEmpty || dashes == [8, 13, 18, 23] else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return format(bytes)
    }

    /// Canonical lower-case colon form of a user-given MAC, or nil.
    public static func normalizeMAC(_ text: String) -> String? {
        let parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(isASCIIHexDigit) }) else { return nil }
        guard let first = UInt8(parts[0], radix: 16), first & 1 == 0 else { return nil }
        return parts.joined(separator: ":")
    }

    /// `Character.isHexDigit` also accepts full-width digits (`０`–`９`, `Ａ`–`Ｆ`), which no UUID,
    /// MAC or radix-16 parser takes.
    static func isASCIIHexDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (0x30...0x39).contains(ascii) || (0x61...0x66).contains(ascii) || (0x41...0x46).contains(ascii)
    }
}
