import CLibXML2
import Foundation

/// Validates documents against libvirt's own RelaxNG schema (`domain.rng`), as `virt-xml-validate` does.
///
/// The compiled schema is reused for every document. Compiling and validating run under one
/// lock shared by all validators: a libxml2 validation context is not shareable between
/// threads, and libxml2 2.9 builds its XML Schema datatype tables lazily without a lock, so two
/// schemas compiled at once could see them half-built ("type 'unsignedInt' is not exported").
public final class RelaxNGValidator: @unchecked Sendable {
    public static let libvirtDomainSchema = "/usr/share/libvirt/schemas/domain.rng"

    public enum Failure: Error, CustomStringConvertible {
        case schemaMissing(String)
        case schemaUnreadable(String)

        public var description: String {
            switch self {
            case .schemaMissing(let path):
                "libvirt's RelaxNG schema is not installed at \(path) — install it with 'apt-get install libvirt0' (or libvirt-clients), or leave out --schema"
            case .schemaUnreadable(let path):
                "libvirt's RelaxNG schema at \(path) could not be compiled"
            }
        }
    }

    private let schema: xmlRelaxNGPtr
    private static let lock = NSLock()

    public init(schemaPath: String = RelaxNGValidator.libvirtDomainSchema) throws {
        _ = LibXML2.initialized
        guard FileManager.default.fileExists(atPath: schemaPath) else { throw Failure.schemaMissing(schemaPath) }
        Self.lock.lock()
        defer { Self.lock.unlock() }
        guard let parser = xmlRelaxNGNewParserCtxt(schemaPath) else { throw Failure.schemaUnreadable(schemaPath) }
        defer { xmlRelaxNGFreeParserCtxt(parser) }
        xmlRelaxNGSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlRelaxNGParse(parser) else { throw Failure.schemaUnreadable(schemaPath) }
        self.schema = schema
    }

    deinit { xmlRelaxNGFree(schema) }

    /// The schema's complaints about `document` (empty when valid), each as one line.
    public func problems(in document: String) -> [String] {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let utf8 = Array(document.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let parsed = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                xmlReadMemory($0, Int32(buffer.count), "document.xml", "UTF-8", options)
            }
        }
        guard let parsed else { return ["document is not well-formed XML"] }
        defer { xmlFreeDoc(parsed) }
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { return ["libxml2: out of memory"] }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        final class Sink { var lines: [String] = [] }
        let sink = Sink()
        let unmanaged = Unmanaged.passUnretained(sink)
        xmlRelaxNGSetValidStructuredErrors(
            context,
            { userData, error in
                guard let userData, let error else { return }
                let sink = Unmanaged<Sink>.fromOpaque(userData).takeUnretainedValue()
                let message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
                let line = error.pointee.line
                sink.lines.append("line \(line): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
            }, unmanaged.toOpaque())
        let result = xmlRelaxNGValidateDoc(context, parsed)
        if result == 0 { return [] }
        return sink.lines.isEmpty ? ["document does not match libvirt's domain schema"] : sink.lines
    }
}
