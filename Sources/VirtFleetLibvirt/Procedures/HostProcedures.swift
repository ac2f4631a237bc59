/// What a host is: name, versions, capacity, capabilities.
extension LibvirtConnection {
    /// `virConnectGetHostname`.
    public func getHostname() async throws -> String {
        try await call(.connectGetHostname, returning: NonnullString.self).value
    }

    /// `virConnectGetLibVersion`: the libvirt version of the daemon.
    public func getLibVersion() async throws -> LibvirtVersion {
        LibvirtVersion(encoded: try await call(.connectGetLibVersion, returning: UnsignedHyper.self).value)
    }

    /// `virConnectGetVersion`: the hypervisor's version (e.g. QEMU 7.2.0).
    public func getVersion() async throws -> LibvirtVersion {
        LibvirtVersion(encoded: try await call(.connectGetVersion, returning: UnsignedHyper.self).value)
    }

    /// `virConnectGetType`: the hypervisor driver's name, e.g. "QEMU".
    public func getType() async throws -> String {
        try await call(.connectGetType, returning: NonnullString.self).value
    }

    /// `virNodeGetInfo`: CPUs, memory and topology.
    public func nodeGetInfo() async throws -> NodeInfo {
        try await call(.nodeGetInfo, returning: NodeInfo.self)
    }

    /// `virConnectGetCapabilities`: the capabilities XML (guest types, arches, machine types).
    public func getCapabilities() async throws -> String {
        try await call(.connectGetCapabilities, returning: NonnullString.self).value
    }
}
