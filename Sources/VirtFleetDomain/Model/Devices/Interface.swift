/// `<interface>`: a guest NIC on a virtual network, a bridge, SLIRP, a scripted tap,
/// a multicast group or a TCP tunnel.
public struct Interface: Hashable, Sendable {
    public var type: InterfaceType
    /// Network name (`network`) or bridge device (`bridge`).
    public var source: String?
    /// Multicast group or tunnel endpoint (`mcast`, `server`, `client`).
    public var address: String?
    public var port: Int?
    /// Always set after expansion: explicit, or derived from the fleet and guest name.
    public var mac: String?
    public var targetDev: String?
    public var script: String?
    public var model: String?

    public init(type: InterfaceType) {
        self.type = type
    }

    var xml: DomainXMLElement {
        var interface = DomainXMLElement("interface", attributes: [XMLAttribute("type", type.rawValue)])
        if let mac { interface.append(DomainXMLElement("mac", attributes: [XMLAttribute("address", mac)])) }
        switch type {
        case .network:
            if let source { interface.append(DomainXMLElement("source", attributes: [XMLAttribute("network", source)])) }
        case .bridge:
            if let source { interface.append(DomainXMLElement("source", attributes: [XMLAttribute("bridge", source)])) }
        case .mcast, .server, .client:
            var element = DomainXMLElement("source")
            element.set("address", address)
            element.set("port", port.map(String.init))
            interface.append(element)
        case .user, .ethernet:
            break
        }
        if let script { interface.append(DomainXMLElement("script", attributes: [XMLAttribute("path", script)])) }
        if let targetDev { interface.append(DomainXMLElement("target", attributes: [XMLAttribute("dev", targetDev)])) }
        if let model { interface.append(DomainXMLElement("model", attributes: [XMLAttribute("type", model)])) }
        return interface
    }
}

public enum InterfaceType: String, CaseIterable, Sendable {
    case network, bridge, user, ethernet, mcast, server, client
}
