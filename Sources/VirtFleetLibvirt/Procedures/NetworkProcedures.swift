/// Virtual networks: listing, reading, defining, the network's life cycle and live updates.
extension LibvirtConnection {
    /// `virConnectListAllNetworks`: every network matching `flags` (empty = all), in one call.
    public func listAllNetworks(flags: ListAllNetworksFlags = []) async throws -> [NetworkReference] {
        let arguments = ListAllFlagsArguments(pool: nil, flags: flags.rawValue)
        return try await call(.connectListAllNetworks, arguments, returning: ReferenceList<NetworkReference>.self).items
    }

    /// `virNetworkLookupByName`. A missing network throws `.noNetwork`.
    public func networkLookupByName(_ name: String) async throws -> NetworkReference {
        try await call(.networkLookupByName, NonnullString(name), returning: NetworkResult.self).object
    }

    /// `virNetworkGetXMLDesc`; `.inactive` gives the persistent definition.
    public func networkGetXMLDesc(_ network: NetworkReference, flags: NetworkXMLFlags = []) async throws -> String {
        let arguments = NetworkFlagsArguments(object: network, flags: flags.rawValue)
        return try await call(.networkGetXMLDesc, arguments, returning: NonnullString.self).value
    }

    /// `virNetworkIsActive`.
    public func networkIsActive(_ network: NetworkReference) async throws -> Bool {
        try await call(.networkIsActive, NetworkArguments(object: network), returning: XDRInt.self).value != 0
    }

    /// `virNetworkGetAutostart`.
    public func networkGetAutostart(_ network: NetworkReference) async throws -> Bool {
        try await call(.networkGetAutostart, NetworkArguments(object: network), returning: XDRInt.self).value != 0
    }

    /// `virNetworkDefineXMLFlags` (libvirt 7.7+): creates or replaces a persistent definition;
    /// with `.validate` the server checks it against its schema.
    public func networkDefineXML(_ xml: String, flags: NetworkDefineFlags) async throws -> NetworkReference {
        try await call(.networkDefineXMLFlags, XMLFlagsArguments(xml: xml, flags: flags.rawValue), returning: NetworkResult.self).object
    }

    /// `virNetworkDefineXML`, for daemons without the flags variant.
    public func networkDefineXML(_ xml: String) async throws -> NetworkReference {
        try await call(.networkDefineXML, NonnullString(xml), returning: NetworkResult.self).object
    }

    /// `virNetworkCreate`: starts a defined network.
    public func networkCreate(_ network: NetworkReference) async throws {
        let _: XDRVoid = try await call(.networkCreate, NetworkArguments(object: network))
    }

    /// `virNetworkDestroy`: stops the network.
    public func networkDestroy(_ network: NetworkReference) async throws {
        let _: XDRVoid = try await call(.networkDestroy, NetworkArguments(object: network))
    }

    /// `virNetworkUndefine`: removes the persistent definition.
    public func networkUndefine(_ network: NetworkReference) async throws {
        let _: XDRVoid = try await call(.networkUndefine, NetworkArguments(object: network))
    }

    /// `virNetworkSetAutostart`.
    public func networkSetAutostart(_ network: NetworkReference, _ autostart: Bool) async throws {
        let _: XDRVoid = try await call(.networkSetAutostart, NetworkFlagsArguments(object: network, flags: autostart ? 1 : 0))
    }

    /// `virNetworkUpdate`: changes one section of a network (`xml` is the element to add, delete or
    /// modify) live, in the persistent definition, or both, without restarting it. `parentIndex`
    /// picks the `<ip>` element; -1 means the first that fits.
    ///
    /// libvirt's wire protocol long carried command and section in each other's places; daemons
    /// with the fix say so through `VIR_DRV_FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER`, and the
    /// arguments go in the order the daemon expects (as libvirt's own client does).
    public func networkUpdate(
        _ network: NetworkReference, command: NetworkUpdateCommand, section: NetworkUpdateSection, parentIndex: Int32 = -1,
        xml: String, flags: NetworkUpdateFlags
    ) async throws {
        let correctOrder = try await supportsFeature(Self.networkUpdateHasCorrectOrderFeature)
        let arguments = NetworkUpdateArguments(
            network: network, first: correctOrder ? command.rawValue : section.rawValue,
            second: correctOrder ? section.rawValue : command.rawValue, parentIndex: parentIndex, xml: xml, flags: flags.rawValue)
        let _: XDRVoid = try await call(.networkUpdate, arguments)
    }

    /// `VIR_DRV_FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER` (libvirt's internal feature list).
    static let networkUpdateHasCorrectOrderFeature: Int32 = 16

    /// `virConnectSupportsFeature`: whether the daemon has one of libvirt's internal driver features.
    public func supportsFeature(_ feature: Int32) async throws -> Bool {
        try await call(.connectSupportsFeature, XDRInt(feature), returning: XDRInt.self).value != 0
    }
}

/// `remote_network_update_args`: `command` then `section` in the .x file; see `networkUpdate`.
private struct NetworkUpdateArguments: XDREncodable {
    var network: NetworkReference
    var first: UInt32
    var second: UInt32
    var parentIndex: Int32
    var xml: String
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(network)
        encoder.uint(first)
        encoder.uint(second)
        encoder.int(parentIndex)
        encoder.string(xml)
        encoder.uint(flags)
    }
}
