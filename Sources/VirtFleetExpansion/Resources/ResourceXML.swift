import VirtFleetDomain
import VirtFleetInventory

/// The `<pool>`, `<network>` and `<volume>` documents virtfleet defines, built as element trees and
/// written by libxml2 (`XMLWriter`), like domain documents. Only what the inventory declares is
/// written; libvirt adds the rest (UUIDs, MACs, permissions) and the planner compares the two as
/// a subset.
public enum ResourceXML {
    /// `<pool type='dir'><name/><target><path/></target></pool>`.
    static func pool(name: String, type: String, path: String) -> String {
        var pool = DomainXMLElement("pool", attributes: [XMLAttribute("type", type)])
        pool.append("name", text: name)
        pool.append(DomainXMLElement("target", children: [.element(DomainXMLElement("path", text: path))]))
        return XMLWriter.string(from: pool)
    }

    /// `<network>` with the forward mode, bridge, and the IPv4 subnet with its DHCP range and hosts.
    static func network(_ declaration: NetworkDeclaration, dhcpHosts: [DHCPHost]) -> String {
        var network = DomainXMLElement("network")
        network.append("name", text: declaration.name)
        switch declaration.mode {
        case .isolated: break
        case .nat: network.append(DomainXMLElement("forward", attributes: [XMLAttribute("mode", "nat")]))
        case .bridge: network.append(DomainXMLElement("forward", attributes: [XMLAttribute("mode", "bridge")]))
        }
        if let bridge = declaration.bridge {
            network.append(DomainXMLElement("bridge", attributes: [XMLAttribute("name", bridge)]))
        }
        if let ip = declaration.ip {
            var element = DomainXMLElement(
                "ip", attributes: [XMLAttribute("address", ip.address.description), XMLAttribute("prefix", String(ip.prefix))])
            if declaration.dhcpRange != nil || !dhcpHosts.isEmpty {
                var dhcp = DomainXMLElement("dhcp")
                if let range = declaration.dhcpRange {
                    dhcp.append(
                        DomainXMLElement(
                            "range",
                            attributes: [XMLAttribute("start", range.start.description), XMLAttribute("end", range.end.description)]))
                }
                for host in dhcpHosts { dhcp.append(dhcpHost(host)) }
                element.append(dhcp)
            }
            network.append(element)
        }
        return XMLWriter.string(from: network)
    }

    /// `<host mac='…' name='…' ip='…'/>`, as in the network document and in a live DHCP update;
    /// `name` is left out when empty (libvirt wants a name that starts with a letter).
    public static func dhcpHost(_ host: DHCPHost) -> DomainXMLElement {
        var element = DomainXMLElement("host", attributes: [XMLAttribute("mac", host.mac)])
        if !host.name.isEmpty { element[attribute: "name"] = host.name }
        element[attribute: "ip"] = host.ip
        return element
    }

    /// `<volume>` with its capacity in bytes, its format and, for an overlay, the backing file.
    static func volume(name: String, capacity: UInt64, format: String, backing: (path: String, format: String)? = nil) -> String {
        var volume = DomainXMLElement("volume")
        volume.append("name", text: name)
        volume.append(DomainXMLElement("capacity", text: String(capacity), attributes: [XMLAttribute("unit", "bytes")]))
        volume.append(
            DomainXMLElement("target", children: [.element(DomainXMLElement("format", attributes: [XMLAttribute("type", format)]))]))
        if let backing {
            var store = DomainXMLElement("backingStore")
            store.append("path", text: backing.path)
            store.append(DomainXMLElement("format", attributes: [XMLAttribute("type", backing.format)]))
            volume.append(store)
        }
        return XMLWriter.string(from: volume)
    }

    /// A guest disk on a pool volume: `<disk type='file' device='DEVICE'><driver name='qemu'
    /// type='FORMAT'/><source file='PATH'/><target dev bus/>[<readonly/>]</disk>`.
    static func fileDisk(device: String, format: String, path: String, target: String, bus: String?, readonly: Bool) -> DomainXMLElement {
        var disk = DomainXMLElement("disk", attributes: [XMLAttribute("type", "file"), XMLAttribute("device", device)])
        disk.append(DomainXMLElement("driver", attributes: [XMLAttribute("name", "qemu"), XMLAttribute("type", format)]))
        disk.append(DomainXMLElement("source", attributes: [XMLAttribute("file", path)]))
        var element = DomainXMLElement("target", attributes: [XMLAttribute("dev", target)])
        element.set("bus", bus)
        disk.append(element)
        if readonly { disk.append(DomainXMLElement("readonly")) }
        return disk
    }
}

extension DHCPHost {
    /// The entry as libvirt's network XML writes it (`<host mac=… name=… ip=…/>`, no name when
    /// empty): the document a live `NETWORK_UPDATE` of the DHCP hosts section takes.
    public var xml: String { XMLWriter.string(from: ResourceXML.dhcpHost(self)) }
}
