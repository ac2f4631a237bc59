/// An IPv4 address in dotted-quad form. Strict: four decimal parts of 0–255, no leading zeros
/// (`010` would be octal to some tools and decimal to others), nothing else.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part.count == 1 || part.first != "0", let byte = UInt32(part), byte <= 255
            else { return nil }
            value = value << 8 | byte
        }
        self.value = value
    }

    public var description: String {
        [24, 16, 8, 0].map { String(value >> UInt32($0) & 0xff) }.joined(separator: ".")
    }

    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }
}

/// An address with its prefix length, as `ip: 10.77.0.1/24` writes the host's side of a network.
public struct IPv4Interface: Sendable, Hashable, CustomStringConvertible {
    public let address: IPv4Address
    /// 1–30: a network needs room for the host and at least one guest.
    public let prefix: Int

    public static let prefixRange = 1...30

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
            parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let prefix = Int(parts[1]),
            Self.prefixRange.contains(prefix)
        else { return nil }
        self.address = address
        self.prefix = prefix
    }

    public var mask: UInt32 { UInt32.max << UInt32(32 - prefix) }
    public var network: IPv4Address { IPv4Address(address.value & mask) }
    public var broadcast: IPv4Address { IPv4Address(address.value | ~mask) }

    /// True for an address of this subnet that a host may have (not the network or broadcast address).
    public func containsHost(_ other: IPv4Address) -> Bool {
        other.value & mask == network.value && other != network && other != broadcast
    }

    public var description: String { "\(address)/\(prefix)" }
}
