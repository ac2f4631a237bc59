import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// `hostdevs:` entries: `{vendor: 0x1234, product: 0xbeef}` or `{bus: 1, device: 5}`;
/// numbers in decimal, 0x-hex or 0-octal, as the domain format allows.
enum USBHostDeviceDecoder {
    static func decode(_ node: ConfigNode) throws -> USBHostDevice {
        let r = try MappingReader(node, context: "USB hostdev", allowed: ["type", "vendor", "product", "bus", "device"])
        if let type = r.node("type"), try type.asString("type") != "usb" {
            throw Diagnostic("only USB host devices are supported", at: type.location, hint: "use type: usb or leave it out")
        }
        switch (r.node("vendor") ?? r.node("product"), r.node("bus") ?? r.node("device")) {
        case (_?, nil):
            return USBHostDevice(
                .product(
                    vendor: try id(r.required("vendor"), "vendor", max: 0xFFFF),
                    product: try id(r.required("product"), "product", max: 0xFFFF)))
        case (nil, _?):
            return USBHostDevice(
                .address(
                    bus: try id(r.required("bus"), "bus", max: 0xFFF),
                    device: try id(r.required("device"), "device", max: 0xFFF)))
        case (_?, _?):
            throw Diagnostic("a USB hostdev is chosen by vendor/product or by bus/device, not both", at: node.location)
        case (nil, nil):
            throw Diagnostic("a USB hostdev needs vendor and product ids, or a bus and device address", at: node.location)
        }
    }

    private static func id(_ node: ConfigNode, _ what: String, max: Int) throws -> Int {
        let text = try node.asString(what)
        guard let value = IntegerLiteral.parse(text, leadingZeroOctal: true), (0...max).contains(value) else {
            throw Diagnostic(
                "'\(text)' is not a valid USB \(what)", at: node.location,
                hint: "give a number from 0 to \(max) in decimal, hex (0x…) or octal (0…)")
        }
        return value
    }
}
