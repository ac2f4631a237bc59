import CLibXML2

/// Serializes an `DomainXMLElement` tree through libxml2's text writer: escaping is libxml2's, never ours.
public enum XMLWriter {
    /// The document as text: no XML declaration, two-space indentation, trailing newline.
    public static func string(from root: DomainXMLElement) -> String {
        _ = LibXML2.initialized
        guard let buffer = xmlBufferCreate() else { fatalError("libxml2: out of memory") }
        defer { xmlBufferFree(buffer) }
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else { fatalError("libxml2: out of memory") }
        _ = xmlTextWriterSetIndent(writer, 1)
        LibXML2.with("  ") { _ = xmlTextWriterSetIndentString(writer, $0) }
        write(root, to: writer)
        _ = xmlTextWriterFlush(writer)
        xmlFreeTextWriter(writer)
        var text = LibXML2.string(xmlBufferContent(buffer)) ?? ""
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    private static func write(_ element: DomainXMLElement, to writer: xmlTextWriterPtr) {
        LibXML2.with(element.name) { _ = xmlTextWriterStartElement(writer, $0) }
        for attribute in element.attributes {
            LibXML2.with(attribute.name, attribute.value) { _ = xmlTextWriterWriteAttribute(writer, $0, $1) }
        }
        for child in element.children {
            switch child {
            case .element(let e): write(e, to: writer)
            case .text(let t): LibXML2.with(t) { _ = xmlTextWriterWriteString(writer, $0) }
            }
        }
        if element.children.isEmpty {
            _ = xmlTextWriterEndElement(writer)
        } else {
            _ = xmlTextWriterFullEndElement(writer)
        }
    }
}
