/// Builds an XDR (RFC 4506) byte sequence: big-endian 4-byte units, variable data
/// padded with zeros to a multiple of 4. libvirt's RPC bodies are XDR.
public struct XDREncoder: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func int(_ value: Int32) { uint(UInt32(bitPattern: value)) }

    public mutating func uint(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func hyper(_ value: Int64) { uhyper(UInt64(bitPattern: value)) }

    public mutating func uhyper(_ value: UInt64) {
        uint(UInt32(truncatingIfNeeded: value >> 32))
        uint(UInt32(truncatingIfNeeded: value))
    }

    /// XDR booleans are 4-byte integers 0 or 1.
    public mutating func bool(_ value: Bool) { uint(value ? 1 : 0) }

    /// Fixed-length opaque data (e.g. a 16-byte UUID): no length prefix, padded.
    public mutating func fixedOpaque(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
        pad(data.count)
    }

    /// Variable-length opaque data: a length word, the bytes, padding.
    public mutating func opaque(_ data: [UInt8]) {
        uint(UInt32(data.count))
        fixedOpaque(data)
    }

    /// An XDR string: like variable opaque, holding UTF-8.
    public mutating func string(_ value: String) { opaque(Array(value.utf8)) }

    /// An optional-data pointer (`type *name`): a boolean "present" word, then the value.
    public mutating func optional<T>(_ value: T?, _ encode: (inout XDREncoder, T) -> Void) {
        if let value {
            bool(true)
            encode(&self, value)
        } else {
            bool(false)
        }
    }

    /// A variable-length array (`type name<max>`): a count word, then the elements.
    public mutating func array<T>(_ values: [T], _ encode: (inout XDREncoder, T) -> Void) {
        uint(UInt32(values.count))
        for value in values { encode(&self, value) }
    }

    public mutating func encode<T: XDREncodable>(_ value: T) { value.encode(to: &self) }

    private mutating func pad(_ count: Int) {
        let padding = (4 - count % 4) % 4
        bytes.append(contentsOf: repeatElement(0, count: padding))
    }
}
