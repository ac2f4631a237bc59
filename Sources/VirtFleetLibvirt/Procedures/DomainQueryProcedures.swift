/// Finding domains and their state.
extension LibvirtConnection {
    /// `virConnectListAllDomains`: every domain matching `flags` (empty = all), in one call.
    public func listAllDomains(flags: ListAllDomainsFlags = []) async throws -> [DomainReference] {
        try await call(.connectListAllDomains, ListAllArguments(flags: flags.rawValue), returning: DomainList.self).domains
    }

    /// `virDomainLookupByName`. A missing domain throws `LibvirtError` with code `.noDomain`.
    public func domainLookupByName(_ name: String) async throws -> DomainReference {
        try await call(.domainLookupByName, NonnullString(name), returning: DomainResult.self, guest: name).domain
    }

    /// `virDomainGetState`.
    public func domainGetState(_ domain: DomainReference) async throws -> DomainStateInfo {
        let arguments = DomainFlagsArguments(domain: domain, flags: 0)
        return try await call(.domainGetState, arguments, returning: StateResult.self, guest: domain.name).info
    }
}

/// `remote_connect_list_all_domains_args`. `need_results` asks for the list, not only the count.
private struct ListAllArguments: XDREncodable {
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.int(1)
        encoder.uint(flags)
    }
}

/// `remote_connect_list_all_domains_ret`; the trailing count repeats the array's length.
private struct DomainList: XDRDecodable {
    var domains: [DomainReference]
    init(from decoder: inout XDRDecoder) throws(XDRError) {
        // REMOTE_DOMAIN_LIST_MAX is 16384 in libvirt 9 (higher in later releases).
        domains = try decoder.array(max: 1 << 20) { d throws(XDRError) in try DomainReference(from: &d) }
        _ = try decoder.uint()
    }
}

/// `remote_domain_get_state_ret`.
private struct StateResult: XDRDecodable {
    var info: DomainStateInfo
    init(from decoder: inout XDRDecoder) throws(XDRError) {
        let state = try decoder.int()
        info = DomainStateInfo(state: DomainState(code: state), reason: try decoder.int())
    }
}
