/// `<hostdev mode='subsystem' type='usb'>`: a host USB device passed through, chosen by
/// vendor/product id or by its bus/device address on the host.
public struct USBHostDevice: Hashable, Sendable {
    public enum Selector: Hashable, Sendable {
        case product(vendor: Int, product: Int)
        case address(bus: Int, device: Int)
    }

    public var selector: Selector

    public init(_ selector: Selector) {
        self.selector = selector
    }

    var xml: DomainXMLElement {
        var source = DomainXMLElement("source")
        switch selector {
        case let .product(vendor, product):
            // libvirt reads ids back as four hex digits; writing them so keeps read-back stable.
            source.append(DomainXMLElement("vendor", attributes: [XMLAttribute("id", Self.hex(vendor))]))
            source.append(DomainXMLElement("product", attributes: [XMLAttribute("id", Self.hex(product))]))
        case let .address(bus, device):
            source.append(
                DomainXMLElement(
                    "address",
                    attributes: [
                        XMLAttribute("bus", String(bus)), XMLAttribute("device", String(device)),
                    ]))
        }
        return DomainXMLElement(
            "hostdev",
            attributes: [
                XMLAttribute("mode", "subsystem"), XMLAttribute("type", "usb"),
            ], children: [.element(source)])
    }

    static func hex(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
