import VirtFleetConcurrency

/// One domain as observed: identity, state and its XML.
public struct DomainDetails: Hashable, Sendable {
    public var domain: DomainReference
    public var state: DomainStateInfo
    /// The XML read with the requested flags (inactive by default, which includes `<metadata>`).
    public var xml: String

    public init(domain: DomainReference, state: DomainStateInfo, xml: String) {
        self.domain = domain
        self.state = state
        self.xml = xml
    }
}

/// Observing every domain of a host in about one round trip.
extension LibvirtConnection {
    /// Lists all domains, then asks for every domain's state and XML with all calls
    /// pipelined: up to `maxInFlight` calls are on the wire at once, so 1,000 domains cost
    /// about one round trip plus the server's work, not 1,000 round trips.
    ///
    /// The listing already says which domains are not running (id -1), and a domain that is not
    /// running is shut off: only running domains are asked for their state, which spares the
    /// daemon one call per stopped domain (as much work for libvirtd as reading its XML). The
    /// reason of those is not asked either and reads 0, `VIR_DOMAIN_SHUTOFF_UNKNOWN`.
    ///
    /// libvirtd works on at most `max_client_requests` (default 5) calls per client at a time
    /// and reads the rest as it goes; keeping more queued hides the round trip between
    /// them. A domain undefined between the listing and its calls (`.noDomain`) is left
    /// out, since it no longer exists; any other error fails the whole observation.
    public func listAllDomainsWithDetails(
        flags: ListAllDomainsFlags = [], xmlFlags: DomainXMLFlags = .inactive, maxInFlight: Int = 128
    ) async throws -> [DomainDetails] {
        try await listAllDomainsWithDetails(flags: flags, xmlFlags: xmlFlags, maxInFlight: maxInFlight) { $0 }
    }

    /// As above, and `transform` runs on each domain's details as soon as its replies are in,
    /// while the calls for the other domains are still on the wire: the work a caller does per
    /// domain (parsing, hashing) overlaps the round trips instead of following them all.
    public func listAllDomainsWithDetails<Result: Sendable>(
        flags: ListAllDomainsFlags = [], xmlFlags: DomainXMLFlags = .inactive, maxInFlight: Int = 128,
        _ transform: @escaping @Sendable (DomainDetails) throws -> Result
    ) async throws -> [Result] {
        let domains = try await listAllDomains(flags: flags)
        return try await pipelined(domains, maxInFlight: max(1, maxInFlight / 2)) { connection, domain in
            let details: DomainDetails
            do {
                async let xml = connection.domainGetXMLDesc(domain, flags: xmlFlags)
                let state = domain.isActive ? try await connection.domainGetState(domain) : Self.notRunning
                details = DomainDetails(domain: domain, state: state, xml: try await xml)
            } catch let error as LibvirtError where error.code == .noDomain {
                return nil
            }
            return try transform(details)
        }
    }

    /// The state of a domain the listing shows not running.
    static let notRunning = DomainStateInfo(state: .shutoff, reason: 0)

    /// Runs `work` on this connection for every item with at most `width` calls running at
    /// once and returns the non-nil results in the items' order (`Bounded.compactMap`). The
    /// first error cancels the rest.
    public func pipelined<Item: Sendable, Result: Sendable>(
        _ items: [Item], maxInFlight width: Int,
        _ work: @escaping @Sendable (LibvirtConnection, Item) async throws -> Result?
    ) async throws -> [Result] {
        try await Bounded.compactMap(items, width: width) { item in try await work(self, item) }
    }
}
