import Foundation

/// How libvirt names a storage pool (`remote_nonnull_storage_pool`) or a virtual network
/// (`remote_nonnull_network`) on the wire: a name and a UUID. The server finds the object by its
/// UUID, so a reference comes from a listing or a lookup, never from a name alone. `Kind` keeps a
/// pool's reference from being passed where a network's is wanted.
public struct UUIDReference<Kind>: Hashable, Sendable, XDRCodable, CustomStringConvertible {
    public var name: String
    public var uuid: UUID

    public init(name: String, uuid: UUID) {
        self.name = name
        self.uuid = uuid
    }

    public var description: String { name }

    public func encode(to encoder: inout XDREncoder) {
        encoder.string(name)
        encoder.fixedOpaque(uuid.bytes)
    }

    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        name = try decoder.string()
        uuid = UUID(bytes: try decoder.fixedOpaque(count: 16))
    }
}

public enum StoragePoolKind {}
public enum NetworkKind {}
public typealias StoragePoolReference = UUIDReference<StoragePoolKind>
public typealias NetworkReference = UUIDReference<NetworkKind>

/// How libvirt names a storage volume on the wire (`remote_nonnull_storage_vol`): its pool's
/// name, its own name, and its key (the file's path for directory pools).
public struct StorageVolumeReference: Hashable, Sendable, XDRCodable, CustomStringConvertible {
    public var pool: String
    public var name: String
    public var key: String

    public init(pool: String, name: String, key: String) {
        self.pool = pool
        self.name = name
        self.key = key
    }

    public var description: String { "\(pool)/\(name)" }

    public func encode(to encoder: inout XDREncoder) {
        encoder.string(pool)
        encoder.string(name)
        encoder.string(key)
    }

    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        pool = try decoder.string()
        name = try decoder.string()
        key = try decoder.string()
    }
}
