/// `<graphics>`: an SDL window on the host or a VNC server.
public enum Graphics: Hashable, Sendable {
    case sdl(SDL)
    case vnc(VNC)

    public struct SDL: Hashable, Sendable {
        public var display: String?
        public var xauth: String?
        public var fullscreen: Bool?
        public init() {}
    }

    public struct VNC: Hashable, Sendable {
        /// TCP port; -1 is the legacy spelling of "allocate one".
        public var port: Int?
        public var autoport: Bool?
        public var listen: String?
        /// Clear-text VNC password (libvirt's attribute is `passwd`); never shown in plans.
        public var password: String?
        public init() {}
    }

    var xml: DomainXMLElement {
        switch self {
        case .sdl(let sdl):
            var element = DomainXMLElement("graphics", attributes: [XMLAttribute("type", "sdl")])
            element.set("display", sdl.display)
            element.set("xauth", sdl.xauth)
            element.set("fullscreen", sdl.fullscreen.map { $0 ? "yes" : "no" })
            return element
        case .vnc(let vnc):
            var element = DomainXMLElement("graphics", attributes: [XMLAttribute("type", "vnc")])
            element.set("port", vnc.port.map(String.init))
            element.set("autoport", vnc.autoport.map { $0 ? "yes" : "no" })
            element.set("listen", vnc.listen)
            element.set("passwd", vnc.password)
            return element
        }
    }
}
