/// Reads an XDR (RFC 4506) byte sequence front to back. Every read checks the
/// remaining length, so a short or hostile message becomes an `XDRError`, never a crash.
public struct XDRDecoder: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    /// Upper bound for any variable-length item; libvirt's own limit for a
    /// long string is 4 MiB (`VIR_NET_MESSAGE_STRING_MAX`).
    public var maxVariableLength = 4 * 1024 * 1024

    public init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func int() throws(XDRError) -> Int32 { Int32(bitPattern: try uint()) }

    public mutating func uint() throws(XDRError) -> UInt32 {
        try need(4)
        let value =
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        offset += 4
        return value
    }

    public mutating func hyper() throws(XDRError) -> Int64 { Int64(bitPattern: try uhyper()) }

    public mutating func uhyper() throws(XDRError) -> UInt64 {
        let high = UInt64(try uint())
        return high << 32 | UInt64(try uint())
    }

    public mutating func bool() throws(XDRError) -> Bool {
        let at = offset
        switch try uint() {
        case 0: return false
        case 1: return true
        case let other: throw .invalidBool(other, offset: at)
        }
    }

    public mutating func fixedOpaque(count: Int) throws(XDRError) -> [UInt8] {
        let padded = count + (4 - count % 4) % 4
        try need(padded)
        let data = Array(bytes[offset..<offset + count])
        offset += padded
        return data
    }

    public mutating func opaque() throws(XDRError) -> [UInt8] {
        let at = offset
        let count = Int(try uint())
        guard count <= maxVariableLength else { throw .lengthTooLarge(count, offset: at) }
        return try fixedOpaque(count: count)
    }

    public mutating func string() throws(XDRError) -> String {
        let at = offset
        let data = try opaque()
        guard let text = String(bytes: data, encoding: .utf8) else { throw .invalidUTF8(offset: at) }
        return text
    }

    public mutating func optional<T>(_ decode: (inout XDRDecoder) throws(XDRError) -> T) throws(XDRError) -> T? {
        try bool() ? try decode(&self) : nil
    }

    public mutating func array<T>(
        max: Int = Int.max, _ decode: (inout XDRDecoder) throws(XDRError) -> T
    ) throws(XDRError) -> [T] {
        let at = offset
        let count = Int(try uint())
        // Each element takes at least 4 bytes, which bounds a hostile count before allocating.
        guard count <= max, count <= remaining / 4 || count == 0 else {
            throw .lengthTooLarge(count, offset: at)
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try decode(&self)) }
        return values
    }

    public mutating func decode<T: XDRDecodable>(_: T.Type = T.self) throws(XDRError) -> T {
        try T(from: &self)
    }

    /// Fails when bytes are left over: a reply longer than its type means the
    /// two sides disagree about the procedure's shape.
    public func expectEnd() throws(XDRError) {
        guard isAtEnd else { throw .trailingBytes(remaining) }
    }

    private func need(_ count: Int) throws(XDRError) {
        guard count <= remaining else { throw .truncated(needed: count, available: remaining, offset: offset) }
    }
}
