/// Reading and defining domain XML.
extension LibvirtConnection {
    /// `virDomainGetXMLDesc`. Use `.inactive` for the persistent definition that a
    /// define wrote; add `.secure` to include passwords (the read-back must use the same flags every time).
    public func domainGetXMLDesc(_ domain: DomainReference, flags: DomainXMLFlags = []) async throws -> String {
        let arguments = DomainFlagsArguments(domain: domain, flags: flags.rawValue)
        return try await call(.domainGetXMLDesc, arguments, returning: NonnullString.self, guest: domain.name).value
    }

    /// `virDomainDefineXMLFlags`: creates or replaces a persistent definition. With
    /// `.validate` (the default) the server checks the XML against its schema and refuses
    /// what it does not know, instead of silently dropping it. `guest` names the domain in errors.
    public func domainDefineXML(
        _ xml: String, flags: DomainDefineFlags = .validate, guest: String? = nil
    ) async throws -> DomainReference {
        let arguments = DefineArguments(xml: xml, flags: flags.rawValue)
        return try await call(.domainDefineXMLFlags, arguments, returning: DomainResult.self, guest: guest).domain
    }
}

/// `remote_domain_define_xml_flags_args`.
private struct DefineArguments: XDREncodable {
    var xml: String
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.string(xml)
        encoder.uint(flags)
    }
}
