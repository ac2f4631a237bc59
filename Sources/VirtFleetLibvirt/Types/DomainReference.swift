import Foundation

/// How libvirt names a domain on the wire (`remote_nonnull_domain`): the server
/// finds the domain by UUID (and name); `id` is the running instance's id, -1 when off.
public struct DomainReference: Hashable, Sendable, XDRCodable, CustomStringConvertible {
    public var name: String
    public var uuid: UUID
    public var id: Int32

    public init(name: String, uuid: UUID, id: Int32 = -1) {
        self.name = name
        self.uuid = uuid
        self.id = id
    }

    public var isActive: Bool { id != -1 }
    public var description: String { name }

    public func encode(to encoder: inout XDREncoder) {
        encoder.string(name)
        encoder.fixedOpaque(uuid.bytes)
        encoder.int(id)
    }

    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        name = try decoder.string()
        uuid = UUID(bytes: try decoder.fixedOpaque(count: 16))
        id = try decoder.int()
    }
}

extension UUID {
    /// The 16 raw bytes, as libvirt's `remote_uuid` carries them.
    var bytes: [UInt8] { withUnsafeBytes(of: uuid) { Array($0) } }

    init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "a UUID has 16 bytes")
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        self.init(uuid: value)
    }
}
