/// Storage pools: listing, reading, defining and the pool's life cycle.
extension LibvirtConnection {
    /// `virConnectListAllStoragePools`: every pool matching `flags` (empty = all), in one call.
    public func listAllStoragePools(flags: ListAllStoragePoolsFlags = []) async throws -> [StoragePoolReference] {
        let arguments = ListAllFlagsArguments(pool: nil, flags: flags.rawValue)
        return try await call(.connectListAllStoragePools, arguments, returning: ReferenceList<StoragePoolReference>.self).items
    }

    /// `virStoragePoolLookupByName`. A missing pool throws `LibvirtError` with code `.noStoragePool`.
    public func storagePoolLookupByName(_ name: String) async throws -> StoragePoolReference {
        try await call(.storagePoolLookupByName, NonnullString(name), returning: PoolResult.self).object
    }

    /// `virStoragePoolGetXMLDesc`; `.inactive` gives the persistent definition.
    public func storagePoolGetXMLDesc(_ pool: StoragePoolReference, flags: StorageXMLFlags = []) async throws -> String {
        try await call(.storagePoolGetXMLDesc, PoolFlagsArguments(object: pool, flags: flags.rawValue), returning: NonnullString.self).value
    }

    /// `virStoragePoolGetInfo`: state and sizes.
    public func storagePoolGetInfo(_ pool: StoragePoolReference) async throws -> StoragePoolInfo {
        try await call(.storagePoolGetInfo, PoolArguments(object: pool), returning: StoragePoolInfo.self)
    }

    /// `virStoragePoolGetAutostart`.
    public func storagePoolGetAutostart(_ pool: StoragePoolReference) async throws -> Bool {
        try await call(.storagePoolGetAutostart, PoolArguments(object: pool), returning: XDRInt.self).value != 0
    }

    /// `virStoragePoolDefineXML`: creates or replaces a persistent pool definition. With `.validate`
    /// the server checks the XML against its schema; a daemon too old for the flag refuses it.
    public func storagePoolDefineXML(_ xml: String, flags: StoragePoolDefineFlags = []) async throws -> StoragePoolReference {
        try await call(.storagePoolDefineXML, XMLFlagsArguments(xml: xml, flags: flags.rawValue), returning: PoolResult.self).object
    }

    /// `virStoragePoolBuild`: prepares the pool's storage (for a directory pool: creates the directory).
    public func storagePoolBuild(_ pool: StoragePoolReference, flags: StoragePoolBuildFlags = []) async throws {
        let _: XDRVoid = try await call(.storagePoolBuild, PoolFlagsArguments(object: pool, flags: flags.rawValue))
    }

    /// `virStoragePoolCreate`: starts a defined pool.
    public func storagePoolCreate(_ pool: StoragePoolReference, flags: StoragePoolCreateFlags = []) async throws {
        let _: XDRVoid = try await call(.storagePoolCreate, PoolFlagsArguments(object: pool, flags: flags.rawValue))
    }

    /// `virStoragePoolDestroy`: stops the pool; its volumes stay.
    public func storagePoolDestroy(_ pool: StoragePoolReference) async throws {
        let _: XDRVoid = try await call(.storagePoolDestroy, PoolArguments(object: pool))
    }

    /// `virStoragePoolUndefine`: removes the definition; the storage stays.
    public func storagePoolUndefine(_ pool: StoragePoolReference) async throws {
        let _: XDRVoid = try await call(.storagePoolUndefine, PoolArguments(object: pool))
    }

    /// `virStoragePoolSetAutostart`.
    public func storagePoolSetAutostart(_ pool: StoragePoolReference, _ autostart: Bool) async throws {
        let _: XDRVoid = try await call(.storagePoolSetAutostart, PoolFlagsArguments(object: pool, flags: autostart ? 1 : 0))
    }

    /// `virStoragePoolRefresh`: rescans the pool's volumes (sizes, formats, new and vanished files).
    public func storagePoolRefresh(_ pool: StoragePoolReference) async throws {
        let _: XDRVoid = try await call(.storagePoolRefresh, PoolFlagsArguments(object: pool, flags: 0))
    }

    /// `virStoragePoolListAllVolumes`: every volume of an active pool, in one call.
    public func storagePoolListAllVolumes(_ pool: StoragePoolReference) async throws -> [StorageVolumeReference] {
        let arguments = ListAllFlagsArguments(pool: pool, flags: 0)
        return try await call(.storagePoolListAllVolumes, arguments, returning: ReferenceList<StorageVolumeReference>.self).items
    }
}
