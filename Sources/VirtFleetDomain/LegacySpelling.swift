import VirtFleetDiagnostics

/// Rewrites the domain format's 2008 spellings that libvirt 9 no longer honours into the current
/// ones, so nothing the user wrote is silently dropped by libvirt:
/// `<clock sync=…>` → `offset`, `<wiremode type=…>` → `<protocol type=…>`, VNC `password` → `passwd`,
/// USB vendor/product ids in decimal or octal → `0xNNNN`, and UUIDs without dashes → dashed form.
public enum LegacySpelling {
    public static func modernize(_ element: DomainXMLElement) -> DomainXMLElement {
        var element = element
        switch element.name {
        case "clock":
            if let sync = element[attribute: "sync"], element[attribute: "offset"] == nil {
                element[attribute: "sync"] = nil
                element[attribute: "offset"] = sync
            }
        case "wiremode":
            element.name = "protocol"
        case "graphics":
            if let password = element[attribute: "password"], element[attribute: "passwd"] == nil {
                element[attribute: "password"] = nil
                element[attribute: "passwd"] = password
            }
        case "vendor", "product":
            if let id = element[attribute: "id"], let value = usbID(id) { element[attribute: "id"] = value }
        case "uuid":
            if let normalized = Identity.normalizeUUID(element.text) { element.children = [.text(normalized)] }
        default:
            break
        }
        element.children = element.children.map { child in
            if case .element(let e) = child { return .element(modernize(e)) }
            return child
        }
        return element
    }

    /// A USB id in decimal, 0x-hex or 0-octal, as libvirt's four-digit hex.
    static func usbID(_ text: String) -> String? {
        guard let value = IntegerLiteral.parse(text, syntax: .domainFormat), (0...0xFFFF).contains(value) else { return nil }
        return USBHostDevice.hex(value)
    }
}
