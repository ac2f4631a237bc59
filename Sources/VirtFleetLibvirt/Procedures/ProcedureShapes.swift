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

/// `{ remote_nonnull_string xml; unsigned int flags; }`
struct XMLFlagsArguments: XDREncodable {
    var xml: String
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.string(xml)
        encoder.uint(flags)
    }
}

/// `{ remote_nonnull_X x; }`, X one of libvirt's named objects: a storage pool, a volume, a network.
struct ObjectArguments<Object: XDREncodable>: XDREncodable {
    var object: Object
    func encode(to encoder: inout XDREncoder) { encoder.encode(object) }
}

/// `{ remote_nonnull_X x; unsigned int flags; }`, and the same shape with an `int` (autostart).
struct ObjectFlagsArguments<Object: XDREncodable>: XDREncodable {
    var object: Object
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(object)
        encoder.uint(flags)
    }
}

/// `{ remote_nonnull_X x; }` as a result.
struct ObjectResult<Object: XDRDecodable>: XDRDecodable {
    var object: Object
    init(from decoder: inout XDRDecoder) throws(XDRError) { object = try Object(from: &decoder) }
}

typealias PoolArguments = ObjectArguments<StoragePoolReference>
typealias PoolFlagsArguments = ObjectFlagsArguments<StoragePoolReference>
typealias PoolResult = ObjectResult<StoragePoolReference>
typealias VolumeArguments = ObjectArguments<StorageVolumeReference>
typealias VolumeFlagsArguments = ObjectFlagsArguments<StorageVolumeReference>
typealias VolumeResult = ObjectResult<StorageVolumeReference>
typealias NetworkArguments = ObjectArguments<NetworkReference>
typealias NetworkFlagsArguments = ObjectFlagsArguments<NetworkReference>
typealias NetworkResult = ObjectResult<NetworkReference>

/// `connect_list_all_*_ret` and `storage_pool_list_all_volumes_ret`: the items, then a count
/// that repeats the array's length.
struct ReferenceList<Item: XDRDecodable>: XDRDecodable {
    var items: [Item]
    init(from decoder: inout XDRDecoder) throws(XDRError) {
        items = try decoder.array(max: 1 << 20) { d throws(XDRError) in try Item(from: &d) }
        _ = try decoder.uint()
    }
}

/// `connect_list_all_*_args` without an object, and `storage_pool_list_all_volumes_args` with
/// one: `need_results` asks for the list, not only the count.
struct ListAllFlagsArguments: XDREncodable {
    var pool: StoragePoolReference?
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        if let pool { encoder.encode(pool) }
        encoder.int(1)
        encoder.uint(flags)
    }
}
