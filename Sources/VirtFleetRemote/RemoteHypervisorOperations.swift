import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetLibvirt

/// The changes apply makes, as libvirt RPC calls on the host's connection.
extension RemoteHypervisorSession {
    public func inactiveXML(of domain: String, secure: Bool) async throws -> String {
        try await libvirt.domainGetXMLDesc(try await libvirt.domainLookupByName(domain),
                                           flags: secure ? [.inactive, .secure] : .inactive)
    }

    public func state(of domain: String) async throws -> String {
        try await libvirt.domainGetState(try await libvirt.domainLookupByName(domain)).state.description
    }

    public func define(_ xml: String) async throws {
        _ = try await libvirt.domainDefineXML(xml, flags: .validate)
    }

    public func start(_ domain: String) async throws {
        try await libvirt.domainCreate(try await libvirt.domainLookupByName(domain))
    }

    public func shutdown(_ domain: String) async throws {
        try await libvirt.domainShutdown(try await libvirt.domainLookupByName(domain))
    }

    public func destroy(_ domain: String) async throws {
        try await libvirt.domainDestroy(try await libvirt.domainLookupByName(domain))
    }

    public func undefine(_ domain: String) async throws {
        try await libvirt.domainUndefine(try await libvirt.domainLookupByName(domain),
                                         flags: [.managedSave, .snapshotsMetadata, .checkpointsMetadata, .keepNVRAM])
    }

    public func setOwnership(of domain: String, element: String) async throws {
        try await libvirt.domainSetMetadata(try await libvirt.domainLookupByName(domain), metadata: element,
                                            key: OwnershipMetadata.prefix, namespaceURI: Identity.metadataNamespace,
                                            impact: .config)
    }

    public func lock(holder: String) async throws -> any HostLock {
        try await RemoteHostLock.acquire(on: ssh, host: host, uri: uri, holder: holder)
    }
}
