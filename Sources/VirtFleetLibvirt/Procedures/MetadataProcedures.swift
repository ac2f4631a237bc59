/// Application metadata stored in a domain's `<metadata>` element (how virtfleet marks what it owns).
extension LibvirtConnection {
    /// `virDomainGetMetadata`. For `.element`, `namespaceURI` picks the element. Returns nil
    /// when the domain has no such metadata (libvirt's VIR_ERR_NO_DOMAIN_METADATA); other errors throw.
    public func domainGetMetadata(
        _ domain: DomainReference, type: DomainMetadataType = .element, namespaceURI: String?,
        impact: DomainModificationImpact = []
    ) async throws -> String? {
        let arguments = GetMetadataArguments(domain: domain, type: type, uri: namespaceURI, flags: impact.rawValue)
        do {
            return try await call(.domainGetMetadata, arguments, returning: NonnullString.self, guest: domain.name).value
        } catch let error as LibvirtError where error.code == .noDomainMetadata {
            return nil
        }
    }

    /// `virDomainSetMetadata`. For `.element`, `metadata` is one XML element (without a
    /// namespace declaration), `key` the prefix libvirt writes it with, `namespaceURI` its
    /// namespace; nil `metadata` removes it. `impact` `.config` changes the persistent definition.
    public func domainSetMetadata(
        _ domain: DomainReference, type: DomainMetadataType = .element, metadata: String?,
        key: String?, namespaceURI: String?, impact: DomainModificationImpact = .config
    ) async throws {
        let arguments = SetMetadataArguments(
            domain: domain, type: type, metadata: metadata, key: key, uri: namespaceURI, flags: impact.rawValue)
        let _: XDRVoid = try await call(.domainSetMetadata, arguments, guest: domain.name)
    }
}

/// `remote_domain_get_metadata_args`.
private struct GetMetadataArguments: XDREncodable {
    var domain: DomainReference
    var type: DomainMetadataType
    var uri: String?
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(domain)
        encoder.int(type.rawValue)
        encoder.optional(uri) { $0.string($1) }
        encoder.uint(flags)
    }
}

/// `remote_domain_set_metadata_args`.
private struct SetMetadataArguments: XDREncodable {
    var domain: DomainReference
    var type: DomainMetadataType
    var metadata: String?
    var key: String?
    var uri: String?
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(domain)
        encoder.int(type.rawValue)
        encoder.optional(metadata) { $0.string($1) }
        encoder.optional(key) { $0.string($1) }
        encoder.optional(uri) { $0.string($1) }
        encoder.uint(flags)
    }
}
