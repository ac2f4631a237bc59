/// Appends the integer and text encodings ISO 9660 (ECMA-119) uses: little-, big- and
/// "both-endian" (little then big) fields, and identifiers padded to a fixed width.
struct ByteBuilder {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    mutating func littleEndian16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func bigEndian16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func littleEndian32(_ value: UInt32) {
        for shift in stride(from: 0, through: 24, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func bigEndian32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// ECMA-119 7.2.3: the value little-endian, then big-endian.
    mutating func bothEndian16(_ value: UInt16) {
        littleEndian16(value)
        bigEndian16(value)
    }

    /// ECMA-119 7.3.3: the value little-endian, then big-endian.
    mutating func bothEndian32(_ value: UInt32) {
        littleEndian32(value)
        bigEndian32(value)
    }

    /// `text` in `width` bytes, the rest filled by repeating `fill` (cut at the field's end).
    /// Throws when the text does not fit: identifiers are checked by their makers, so this is a
    /// writer bug.
    mutating func field(_ text: [UInt8], width: Int, fill: [UInt8]) throws(NoCloudSeedError) {
        guard text.count <= width, !fill.isEmpty else {
            throw .layout("a \(text.count)-byte identifier in a \(width)-byte field")
        }
        bytes.append(contentsOf: text)
        var remaining = width - text.count
        while remaining > 0 {
            let part = fill.prefix(remaining)
            bytes.append(contentsOf: part)
            remaining -= part.count
        }
    }
}

extension [UInt8] {
    /// UCS-2 big-endian, as Joliet records names. Only for text of Basic Multilingual Plane
    /// characters; callers pass ASCII.
    var ucs2BigEndian: [UInt8] {
        String(decoding: self, as: UTF8.self).utf16.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }
}
