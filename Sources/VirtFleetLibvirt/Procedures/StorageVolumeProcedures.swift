/// Storage volumes: finding, reading, creating, resizing and deleting them (upload: `StorageVolumeUpload.swift`).
extension LibvirtConnection {
    /// `virStorageVolLookupByName` in `pool`. A missing volume throws `.noStorageVolume`.
    public func storageVolumeLookupByName(_ name: String, in pool: StoragePoolReference) async throws -> StorageVolumeReference {
        try await call(.storageVolLookupByName, VolumeLookupArguments(pool: pool, name: name), returning: VolumeResult.self).object
    }

    /// `virStorageVolGetXMLDesc`.
    public func storageVolumeGetXMLDesc(_ volume: StorageVolumeReference) async throws -> String {
        try await call(.storageVolGetXMLDesc, VolumeFlagsArguments(object: volume, flags: 0), returning: NonnullString.self).value
    }

    /// `virStorageVolGetInfo`: type, capacity, allocation.
    public func storageVolumeGetInfo(_ volume: StorageVolumeReference) async throws -> StorageVolumeInfo {
        try await call(.storageVolGetInfo, VolumeArguments(object: volume), returning: StorageVolumeInfo.self)
    }

    /// `virStorageVolGetInfoFlags` (libvirt 3.0+): with `.physical`, `allocation` is the file's size on the host.
    public func storageVolumeGetInfo(_ volume: StorageVolumeReference, flags: StorageVolumeInfoFlags) async throws -> StorageVolumeInfo {
        try await call(
            .storageVolGetInfoFlags, VolumeFlagsArguments(object: volume, flags: flags.rawValue), returning: StorageVolumeInfo.self)
    }

    /// `virStorageVolCreateXML`: a new volume in `pool` as the XML describes it.
    public func storageVolumeCreateXML(
        _ xml: String, in pool: StoragePoolReference, flags: StorageVolumeCreateFlags = []
    ) async throws -> StorageVolumeReference {
        let arguments = VolumeCreateArguments(pool: pool, xml: xml, source: nil, flags: flags.rawValue)
        return try await call(.storageVolCreateXML, arguments, returning: VolumeResult.self).object
    }

    /// `virStorageVolCreateXMLFrom`: a new volume in `pool` holding a copy of `source`'s data.
    /// libvirtd answers only once the copy is done, so a large source wants a `timeout` of its own
    /// (nil: the connection's call timeout). Missing that one fails this call only: libvirtd is
    /// still copying, and the connection (other guests' calls) goes on.
    public func storageVolumeCreateXMLFrom(
        _ xml: String, in pool: StoragePoolReference, from source: StorageVolumeReference, flags: StorageVolumeCreateFlags = [],
        timeout: Duration? = nil
    ) async throws -> StorageVolumeReference {
        let arguments = VolumeCreateArguments(pool: pool, xml: xml, source: source, flags: flags.rawValue)
        return try await call(
            .storageVolCreateXMLFrom, arguments, returning: VolumeResult.self, timeout: timeout, timeoutEndsCallOnly: timeout != nil
        ).object
    }

    /// `virStorageVolResize` to `capacity` bytes; without `.shrink` libvirt refuses a smaller capacity.
    public func storageVolumeResize(
        _ volume: StorageVolumeReference, capacity: UInt64, flags: StorageVolumeResizeFlags = []
    ) async throws {
        let _: XDRVoid = try await call(.storageVolResize, VolumeResizeArguments(volume: volume, capacity: capacity, flags: flags.rawValue))
    }

    /// `virStorageVolDelete`: removes the volume and its storage.
    public func storageVolumeDelete(_ volume: StorageVolumeReference, flags: StorageVolumeDeleteFlags = []) async throws {
        let _: XDRVoid = try await call(.storageVolDelete, VolumeFlagsArguments(object: volume, flags: flags.rawValue))
    }
}

/// `remote_storage_vol_lookup_by_name_args`.
private struct VolumeLookupArguments: XDREncodable {
    var pool: StoragePoolReference
    var name: String
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(pool)
        encoder.string(name)
    }
}

/// `remote_storage_vol_create_xml_args`, and `…_from_args` with the volume to copy.
private struct VolumeCreateArguments: XDREncodable {
    var pool: StoragePoolReference
    var xml: String
    var source: StorageVolumeReference?
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(pool)
        encoder.string(xml)
        if let source { encoder.encode(source) }
        encoder.uint(flags)
    }
}

/// `remote_storage_vol_resize_args`.
private struct VolumeResizeArguments: XDREncodable {
    var volume: StorageVolumeReference
    var capacity: UInt64
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(volume)
        encoder.uhyper(capacity)
        encoder.uint(flags)
    }
}
