/// A running guest's network addresses, as libvirt knows them.
extension LibvirtConnection {
    /// Where libvirt looks for a guest's addresses (`virDomainInterfaceAddressesSource`).
    public enum AddressSource: UInt32, Sendable, CaseIterable {
        /// DHCP leases of libvirt's own networks.
        case lease = 0
        /// The QEMU guest agent inside the guest.
        case agent = 1
        /// The host's ARP table.
        case arp = 2
    }

    /// `virDomainInterfaceAddresses`: the guest's interfaces with their addresses from `source`.
    public func domainInterfaceAddresses(_ domain: DomainReference, source: AddressSource) async throws -> [DomainInterface] {
        let arguments = InterfaceAddressesArguments(domain: domain, source: source.rawValue)
        return try await call(.domainInterfaceAddresses, arguments, returning: InterfaceList.self, guest: domain.name).interfaces
    }
}

/// One interface of a guest: its name in the guest (or on the host), MAC and addresses.
public struct DomainInterface: Sendable, Hashable {
    public var name: String
    public var hardwareAddress: String?
    public var addresses: [InterfaceAddress]
}

public struct InterfaceAddress: Sendable, Hashable {
    public enum Family: Sendable, Hashable {
        case ipv4, ipv6
        case other(Int32)
    }

    public var family: Family
    public var address: String
    public var prefix: UInt32
}

/// `remote_domain_interface_addresses_args`.
private struct InterfaceAddressesArguments: XDREncodable {
    var domain: DomainReference
    var source: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(domain)
        encoder.uint(source)
        encoder.uint(0)
    }
}

/// `remote_domain_interface_addresses_ret`: up to REMOTE_DOMAIN_INTERFACE_MAX interfaces of up to
/// REMOTE_DOMAIN_IP_ADDR_MAX addresses each (2048 both).
private struct InterfaceList: XDRDecodable {
    var interfaces: [DomainInterface]
    init(from decoder: inout XDRDecoder) throws(XDRError) {
        interfaces = try decoder.array(max: 2048) { d throws(XDRError) in
            let name = try d.string()
            let hardwareAddress = try d.optional { d throws(XDRError) in try d.string() }
            let addresses = try d.array(max: 2048) { d throws(XDRError) in
                let type = try d.int()
                let address = try d.string()
                let prefix = try d.uint()
                let family: InterfaceAddress.Family = type == 0 ? .ipv4 : type == 1 ? .ipv6 : .other(type)
                return InterfaceAddress(family: family, address: address, prefix: prefix)
            }
            return DomainInterface(name: name, hardwareAddress: hardwareAddress, addresses: addresses)
        }
    }
}
