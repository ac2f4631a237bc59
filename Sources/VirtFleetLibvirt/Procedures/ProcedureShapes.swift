/// The small argument and result structs that many procedures share
/// (`remote_*_args` / `remote_*_ret` with the same fields), so each procedure stays a few lines.

/// `{ remote_nonnull_domain dom; }`
struct DomainArguments: XDREncodable {
    var domain: DomainReference
    func encode(to encoder: inout XDREncoder) { encoder.encode(domain) }
}

/// `{ remote_nonnull_domain dom; unsigned int flags; }`
struct DomainFlagsArguments: XDREncodable {
    var domain: DomainReference
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(domain)
        encoder.uint(flags)
    }
}

/// `{ remote_nonnull_string x; }`, as an argument or a result.
struct NonnullString: XDRCodable {
    var value: String
    init(_ value: String) { self.value = value }
    init(from decoder: inout XDRDecoder) throws(XDRError) { value = try decoder.string() }
    func encode(to encoder: inout XDREncoder) { encoder.string(value) }
}

/// `{ unsigned hyper x; }`
struct UnsignedHyper: XDRDecodable {
    var value: UInt64
    init(from decoder: inout XDRDecoder) throws(XDRError) { value = try decoder.uhyper() }
}

/// `{ remote_nonnull_domain dom; }` as a result.
struct DomainResult: XDRDecodable {
    var domain: DomainReference
    init(from decoder: inout XDRDecoder) throws(XDRError) { domain = try DomainReference(from: &decoder) }
}

/// A single XDR `int`, the shape of many small arguments and results.
struct XDRInt: XDRCodable {
    var value: Int32
    init(_ value: Int32) { self.value = value }
    init(from decoder: inout XDRDecoder) throws(XDRError) { value = try decoder.int() }
    func encode(to encoder: inout XDREncoder) { encoder.int(value) }
}
