/// A serial port, parallel port or console: one syntax, many backends (pty, file, tcp, …).
public struct CharacterDevice: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case serial, parallel, console
    }

    public var type: CharacterDeviceType
    /// Path for `file`, `dev`, `unix` (and `pipe`).
    public var path: String?
    /// `bind` or `connect` for `tcp` and `unix`; for `udp` the sources are listed below.
    public var mode: SourceMode?
    public var host: String?
    public var service: String?
    /// `udp` may bind and connect at once: each its own `<source>`.
    public var udpBind: Endpoint?
    /// Wire protocol for `tcp` (`<wiremode>` in the 2008 domain format document, now `<protocol type=…>`).
    public var protocolType: CharacterProtocol?
    public var targetPort: Int?
    /// Console target type (`serial`, `virtio`, `xen`, …).
    public var targetType: String?

    public init(type: CharacterDeviceType) {
        self.type = type
    }

    public struct Endpoint: Hashable, Sendable {
        public var host: String?
        public var service: String?
        public init(host: String?, service: String?) {
            self.host = host
            self.service = service
        }
    }

    func xml(kind: Kind) -> DomainXMLElement {
        var device = DomainXMLElement(kind.rawValue, attributes: [XMLAttribute("type", type.rawValue)])
        switch type {
        case .file, .dev, .pipe:
            if let path { device.append(DomainXMLElement("source", attributes: [XMLAttribute("path", path)])) }
        case .unix:
            var source = DomainXMLElement("source")
            source.set("mode", mode?.rawValue)
            source.set("path", path)
            device.append(source)
        case .tcp:
            var source = DomainXMLElement("source")
            source.set("mode", mode?.rawValue)
            source.set("host", host)
            source.set("service", service)
            device.append(source)
            if let protocolType {
                device.append(DomainXMLElement("protocol", attributes: [XMLAttribute("type", protocolType.rawValue)]))
            }
        case .udp:
            if let bind = udpBind {
                var source = DomainXMLElement("source", attributes: [XMLAttribute("mode", "bind")])
                source.set("host", bind.host)
                source.set("service", bind.service)
                device.append(source)
            }
            var connect = DomainXMLElement("source", attributes: [XMLAttribute("mode", "connect")])
            connect.set("host", host)
            connect.set("service", service)
            device.append(connect)
        case .pty, .stdio, .vc, .null:
            break
        }
        if targetPort != nil || targetType != nil {
            var target = DomainXMLElement("target")
            target.set("type", targetType)
            target.set("port", targetPort.map(String.init))
            device.append(target)
        }
        return device
    }
}

public enum CharacterDeviceType: String, CaseIterable, Sendable {
    case pty, stdio, file, vc, null, dev, tcp, udp, unix, pipe
}

public enum SourceMode: String, CaseIterable, Sendable {
    case bind, connect
}

public enum CharacterProtocol: String, CaseIterable, Sendable {
    case raw, telnet, telnets, tls
}
