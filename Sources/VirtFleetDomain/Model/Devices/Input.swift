/// `<input>`: a pointer device for the graphical framebuffer.
public struct Input: Hashable, Sendable {
    public var type: InputType
    public var bus: InputBus?

    public init(type: InputType, bus: InputBus? = nil) {
        self.type = type
        self.bus = bus
    }

    var xml: DomainXMLElement {
        var input = DomainXMLElement("input", attributes: [XMLAttribute("type", type.rawValue)])
        input.set("bus", bus?.rawValue)
        return input
    }
}

public enum InputType: String, CaseIterable, Sendable {
    case mouse, tablet, keyboard
}

public enum InputBus: String, CaseIterable, Sendable {
    case xen, ps2, usb, virtio
}
