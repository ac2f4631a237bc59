import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// `graphics:` entries: SDL (`display`, `xauth`, `fullscreen`) or VNC (`port`, `autoport`, `listen`, `password`).
enum GraphicsDecoder {
    enum Kind: String, CaseIterable { case sdl, vnc }

    static func decode(_ node: ConfigNode) throws -> Graphics {
        let r = try MappingReader(
            node, context: "graphics",
            allowed: [
                "type", "display", "xauth", "fullscreen", "port",
                "autoport", "listen", "password",
            ])
        let kind = try r.required("type").asEnum("graphics type", Kind.self)
        let sdlOnly = ["display", "xauth", "fullscreen"]
        let vncOnly = ["port", "autoport", "listen", "password"]
        for key in kind == .sdl ? vncOnly : sdlOnly {
            if let misplaced = r.entry(key) {
                throw Diagnostic("'\(key)' does not apply to \(kind.rawValue) graphics", at: misplaced.keyLocation)
            }
        }
        switch kind {
        case .sdl:
            var sdl = Graphics.SDL()
            sdl.display = try r.string("display")
            sdl.xauth = try r.string("xauth")
            sdl.fullscreen = try r.bool("fullscreen")
            return .sdl(sdl)
        case .vnc:
            var vnc = Graphics.VNC()
            vnc.port = try r.int("port", range: -1...65535)
            vnc.autoport = try r.bool("autoport")
            vnc.listen = try r.string("listen")
            vnc.password = try r.string("password")
            if let password = vnc.password, let node = r.node("password") {
                // VNC authentication (DES) uses at most 8 bytes; QEMU refuses longer passwords at define,
                // and a character outside printable ASCII takes more than one byte or none a client can type.
                guard password.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
                    throw Diagnostic(
                        "a VNC password must be printable ASCII", at: node.location,
                        hint: "VNC authentication uses at most 8 bytes; use letters, digits and punctuation")
                }
                guard password.utf8.count <= 8 else {
                    throw Diagnostic(
                        "a VNC password has at most 8 characters, this one has \(password.utf8.count)",
                        at: node.location)
                }
            }
            return .vnc(vnc)
        }
    }
}
