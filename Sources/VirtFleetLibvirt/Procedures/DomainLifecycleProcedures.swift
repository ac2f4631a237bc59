/// Starting, stopping and removing domains.
extension LibvirtConnection {
    /// `virDomainCreate`: starts a defined domain.
    public func domainCreate(_ domain: DomainReference) async throws {
        let _: XDRVoid = try await call(.domainCreate, DomainArguments(domain: domain), guest: domain.name)
    }

    /// `virDomainShutdown`: asks the guest to power off (ACPI); returns before it has.
    public func domainShutdown(_ domain: DomainReference) async throws {
        let _: XDRVoid = try await call(.domainShutdown, DomainArguments(domain: domain), guest: domain.name)
    }

    /// `virDomainDestroy`: stops the domain at once, like pulling the plug.
    public func domainDestroy(_ domain: DomainReference) async throws {
        let _: XDRVoid = try await call(.domainDestroy, DomainArguments(domain: domain), guest: domain.name)
    }

    /// `virDomainUndefineFlags`: removes the persistent definition; `flags` say whether
    /// managed-save images, snapshot metadata, NVRAM or TPM state go with it.
    public func domainUndefine(_ domain: DomainReference, flags: DomainUndefineFlags = []) async throws {
        let arguments = DomainFlagsArguments(domain: domain, flags: flags.rawValue)
        let _: XDRVoid = try await call(.domainUndefineFlags, arguments, guest: domain.name)
    }
}
