import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// `serials:`, `parallels:` and `consoles:` entries. The older spelling `wiremode` (2008 domain format) is
/// accepted as another name for `protocol` and rendered as libvirt's current `<protocol type=…>`.
enum CharacterDeviceDecoder {
    static func decode(_ node: ConfigNode, kind: String) throws -> CharacterDevice {
        let r = try MappingReader(
            node, context: kind,
            allowed: [
                "type", "path", "mode", "host", "service", "bind",
                "protocol", "wiremode", "port", "target_type",
            ])
        let type = try r.enum("type", CharacterDeviceType.self) ?? .pty
        var device = CharacterDevice(type: type)
        device.targetPort = try r.int("port", range: 0...65535)
        device.targetType = try r.string("target_type")
        let allowed: Set<String>
        switch type {
        case .pty, .stdio, .vc, .null:
            allowed = []
        case .file, .dev, .pipe:
            device.path = try r.requiredString("path")
            allowed = ["path"]
        case .unix:
            device.path = try r.requiredString("path")
            device.mode = try r.enum("mode", SourceMode.self) ?? .bind
            allowed = ["path", "mode"]
        case .tcp:
            device.mode = try r.enum("mode", SourceMode.self) ?? .connect
            device.host = try r.requiredString("host")
            device.service = try service(r.required("service"))
            if r.contains("protocol"), let wiremode = r.entry("wiremode") {
                throw Diagnostic("'wiremode' is the old name of 'protocol'; give only one", at: wiremode.keyLocation)
            }
            device.protocolType = try r.enum("protocol", CharacterProtocol.self) ?? r.enum("wiremode", CharacterProtocol.self)
            allowed = ["mode", "host", "service", "protocol", "wiremode"]
        case .udp:
            device.host = try r.requiredString("host")
            device.service = try service(r.required("service"))
            if let bind = r.node("bind") {
                let b = try MappingReader(bind, context: "udp bind", allowed: ["host", "service"])
                device.udpBind = .init(host: try b.string("host"), service: try b.node("service").map(service))
            }
            allowed = ["host", "service", "bind"]
        }
        let sourceKeys = ["path", "mode", "host", "service", "bind", "protocol", "wiremode"]
        for key in sourceKeys where !allowed.contains(key) {
            guard let entry = r.entry(key) else { continue }
            let hint = type == .pty && key == "path" ? "pty paths are assigned by the hypervisor when the guest starts" : nil
            throw Diagnostic("'\(key)' does not apply to a \(type.rawValue) \(kind)", at: entry.keyLocation, hint: hint)
        }
        return device
    }

    private static func service(_ node: ConfigNode) throws -> String {
        let text = try node.asString("service")
        guard let port = Int(text), (1...65535).contains(port) else {
            throw Diagnostic("'\(text)' is not a valid port", at: node.location, hint: "give a number from 1 to 65535")
        }
        return String(port)
    }
}
