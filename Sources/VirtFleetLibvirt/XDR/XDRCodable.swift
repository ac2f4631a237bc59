/// A value with an XDR wire form, so call arguments can be written as plain structs.
public protocol XDREncodable: Sendable {
    func encode(to encoder: inout XDREncoder)
}

/// A value that can be read from its XDR wire form, so replies decode into plain structs.
public protocol XDRDecodable: Sendable {
    init(from decoder: inout XDRDecoder) throws(XDRError)
}

public typealias XDRCodable = XDREncodable & XDRDecodable

extension XDREncodable {
    /// The value's XDR bytes on their own.
    public var xdrBytes: [UInt8] {
        var encoder = XDREncoder()
        encode(to: &encoder)
        return encoder.bytes
    }
}

extension XDRDecodable {
    /// Decodes a whole byte sequence as one value; leftover bytes are an error.
    public init(xdrBytes: [UInt8]) throws(XDRError) {
        var decoder = XDRDecoder(xdrBytes)
        self = try Self(from: &decoder)
        try decoder.expectEnd()
    }
}

/// The empty XDR value, for procedures without arguments or without a result.
public struct XDRVoid: XDRCodable, Equatable {
    public init() {}
    public init(from decoder: inout XDRDecoder) throws(XDRError) {}
    public func encode(to encoder: inout XDREncoder) {}
}
