import CLibXML2
import VirtFleetDiagnostics

/// Strict XML parsing through libxml2 (FoundationXML on Linux accepts malformed input silently).
///
/// Whitespace-only text between elements is dropped; namespaced names keep their prefix
/// (`vf:guest`) and namespace declarations become `xmlns:…` attributes, so a parsed tree
/// writes back out the same way.
public enum LibXMLParser {
    /// Parses `text`; a syntax error is thrown as a `Diagnostic` located in `file`,
    /// offset by `lineOffset` lines when the text is a fragment of a larger file.
    public static func parse(_ text: String, file: String, lineOffset: Int = 0) throws -> DomainXMLElement {
        _ = LibXML2.initialized
        guard let context = xmlNewParserCtxt() else { fatalError("libxml2: out of memory") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { throw Diagnostic("XML document is empty", at: .file(file)) }
        guard utf8.count < Int(Int32.max) else { throw Diagnostic("XML document is too large", at: .file(file)) }
        let document = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { base in
                xmlCtxtReadMemory(context, base, Int32(buffer.count), file, "UTF-8", options)
            }
        }
        guard let document, context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            throw lastError(of: context, file: file, lineOffset: lineOffset)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw Diagnostic("XML document has no root element", at: .file(file))
        }
        return try convert(root, file: file, lineOffset: lineOffset)
    }

    private static func lastError(of context: xmlParserCtxtPtr, file: String, lineOffset: Int) -> Diagnostic {
        guard let error = xmlCtxtGetLastError(context) else {
            return Diagnostic("XML is not well-formed", at: .file(file))
        }
        let message = (error.pointee.message.map { String(cString: $0) } ?? "XML is not well-formed")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let line = max(1, Int(error.pointee.line)) + lineOffset
        let column = max(1, Int(error.pointee.int2))
        return Diagnostic("XML error: \(message)", at: SourceLocation(file: file, line: line, column: column))
    }

    private static func convert(_ node: xmlNodePtr, file: String, lineOffset: Int, depth: Int = 1) throws -> DomainXMLElement {
        // libxml2 itself stops at 256 levels; this keeps the recursion below well inside the stack.
        guard depth <= 256 else {
            throw Diagnostic(
                "XML nested more than 256 elements deep",
                at: SourceLocation(
                    file: file, line: max(1, Int(xmlGetLineNo(node))) + lineOffset, column: 1))
        }
        var element = DomainXMLElement(qualifiedName(node.pointee.name, node.pointee.ns))
        var namespace = node.pointee.nsDef
        while let ns = namespace {
            let prefix = LibXML2.string(ns.pointee.prefix)
            let href = LibXML2.string(ns.pointee.href) ?? ""
            element.attributes.append(XMLAttribute(prefix.map { "xmlns:\($0)" } ?? "xmlns", href))
            namespace = ns.pointee.next
        }
        var attribute = node.pointee.properties
        while let attr = attribute {
            let name = qualifiedName(attr.pointee.name, attr.pointee.ns)
            let value = attributeValue(attr, in: node)
            element.attributes.append(XMLAttribute(name, value))
            attribute = attr.pointee.next
        }
        var child = node.pointee.children
        var hasElements = false
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                hasElements = true
                element.children.append(
                    .element(
                        try convert(
                            current, file: file, lineOffset: lineOffset,
                            depth: depth + 1)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                // What xmlNodeGetContent returns for a text or CDATA node, without its copy.
                let text = LibXML2.string(current.pointee.content) ?? ""
                element.children.append(.text(text))
            case XML_ENTITY_REF_NODE:
                // Without entity substitution libxml2 keeps `&name;` as a node of its own; dropping it
                // would silently lose text, and substituting invites entity expansion attacks.
                let name = LibXML2.string(current.pointee.name) ?? "?"
                throw Diagnostic(
                    "XML entity reference '&\(name);' is not supported",
                    at: SourceLocation(
                        file: file, line: max(1, Int(xmlGetLineNo(current))) + lineOffset, column: 1),
                    hint: "write the text itself, a character reference such as &#233;, or a {{ }} variable")
            default:
                break
            }
            child = current.pointee.next
        }
        if hasElements {
            element.children.removeAll { node in
                if case .text(let t) = node { return isWhitespace(t) }
                return false
            }
        }
        return element
    }

    /// The attribute's value as `xmlNodeListGetString(doc, children, 1)` gives it; an attribute
    /// holding one text node (nearly all do) is read without libxml2's copy.
    private static func attributeValue(_ attribute: xmlAttrPtr, in node: xmlNodePtr) -> String {
        guard let first = attribute.pointee.children else { return "" }
        if first.pointee.next == nil, first.pointee.type == XML_TEXT_NODE || first.pointee.type == XML_CDATA_SECTION_NODE {
            return LibXML2.string(first.pointee.content) ?? ""
        }
        return LibXML2.consume(xmlNodeListGetString(node.pointee.doc, first, 1)) ?? ""
    }

    /// `text.allSatisfy(\.isWhitespace)`, answered from the bytes while they are ASCII (the
    /// Unicode property lookup is slow); any other byte asks Unicode as before.
    static func isWhitespace(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return text.allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }

    private static func qualifiedName(_ name: UnsafePointer<xmlChar>?, _ ns: xmlNsPtr?) -> String {
        let local = LibXML2.string(name) ?? ""
        guard let prefix = LibXML2.string(ns?.pointee.prefix) else { return local }
        return "\(prefix):\(local)"
    }
}
