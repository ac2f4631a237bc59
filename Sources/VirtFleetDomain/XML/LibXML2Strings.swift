import CLibXML2

/// libxml2 speaks `xmlChar` (unsigned char); these bridge Swift strings to it and back.
enum LibXML2 {
    static func with<R>(_ string: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        string.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1, body)
        }
    }

    static func with<R>(_ a: String, _ b: String, _ body: (UnsafePointer<xmlChar>, UnsafePointer<xmlChar>) -> R) -> R {
        with(a) { pa in with(b) { pb in body(pa, pb) } }
    }

    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Takes ownership of a libxml2-allocated string.
    static func consume(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { vf_xml_free(pointer) }
        return String(cString: pointer)
    }

    /// libxml2 initialises its globals once; every entry point calls this first.
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()
}
