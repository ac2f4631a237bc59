import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetLibvirt

/// The changes apply makes, as libvirt RPC calls on the host's connection.
extension RemoteHypervisorSession {
    public func inactiveXML(of domain: String, secure: Bool) async throws(HypervisorError) -> String {
        try await guarded {
            try await libvirt.domainGetXMLDesc(
                try await libvirt.domainLookupByName(domain),
                flags: secure ? [.inactive, .secure] : .inactive)
        }
    }

    public func state(of domain: String) async throws(HypervisorError) -> VirtFleetHypervisor.DomainState {
        try await guarded {
            VirtFleetHypervisor.DomainState(try await libvirt.domainGetState(try await libvirt.domainLookupByName(domain)).state)
        }
    }

    public func define(_ xml: String) async throws(HypervisorError) {
        try await guarded { _ = try await libvirt.domainDefineXML(xml, flags: .validate) }
    }

    public func start(_ domain: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.domainCreate(try await libvirt.domainLookupByName(domain)) }
    }

    public func shutdown(_ domain: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.domainShutdown(try await libvirt.domainLookupByName(domain)) }
    }

    public func destroy(_ domain: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.domainDestroy(try await libvirt.domainLookupByName(domain)) }
    }

    public func undefine(_ domain: String) async throws(HypervisorError) {
        try await guarded {
            try await libvirt.domainUndefine(
                try await libvirt.domainLookupByName(domain),
                flags: [.managedSave, .snapshotsMetadata, .checkpointsMetadata, .keepNVRAM])
        }
    }

    public func setOwnership(of domain: String, element: String) async throws(HypervisorError) {
        try await guarded {
            try await libvirt.domainSetMetadata(
                try await libvirt.domainLookupByName(domain), metadata: element,
                key: OwnershipMetadata.prefix, namespaceURI: Identity.metadataNamespace,
                impact: .config)
        }
    }

    public func addresses(of domain: String) async throws(HypervisorError) -> [GuestAddress] {
        try await guarded {
            let reference = try await libvirt.domainLookupByName(domain)
            var found: [GuestAddress] = []
            for source in LibvirtConnection.AddressSource.allCases {
                let interfaces: [DomainInterface]
                do {
                    interfaces = try await libvirt.domainInterfaceAddresses(reference, source: source)
                } catch is LibvirtError {
                    continue  // libvirt cannot use this source here (no agent, no libvirt network, …)
                }
                for interface in interfaces {
                    for address in interface.addresses {
                        guard case let family = address.family, family == .ipv4 || family == .ipv6 else { continue }
                        found.append(
                            GuestAddress(
                                mac: interface.hardwareAddress?.lowercased(), address: address.address,
                                prefix: Int(address.prefix), isIPv6: family == .ipv6, source: GuestAddress.Source(source)))
                    }
                }
            }
            return found
        }
    }

    public func lock(holder: String) async throws(HypervisorError) -> any HostLock {
        try await RemoteHostLock.acquire(on: ssh, host: host, uri: uri, holder: holder, timeout: callTimeout)
    }
}

extension VirtFleetHypervisor.DomainState {
    /// libvirt's state codes in the port's terms.
    init(_ state: VirtFleetLibvirt.DomainState) {
        switch state {
        case .noState: self = .noState
        case .running: self = .running
        case .blocked: self = .blocked
        case .paused: self = .paused
        case .shutdown: self = .shutdown
        case .shutoff: self = .shutoff
        case .crashed: self = .crashed
        case .pmSuspended: self = .pmSuspended
        case .unknown: self = .unknown
        }
    }
}

extension GuestAddress.Source {
    init(_ source: LibvirtConnection.AddressSource) {
        switch source {
        case .lease: self = .lease
        case .agent: self = .agent
        case .arp: self = .arp
        }
    }
}
