import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Turns an interpolated raw XML template into a domain document with virtfleet's identity:
/// the guest's name, a UUID and the ownership metadata (MACs are assigned fleet-wide later), its
/// header in libvirt's order and without runtime-only attributes, with warnings about what was
/// changed or will be.
enum RawDomainDocument {
    /// `prepare`'s result: the document to define and what the template should change.
    struct Prepared {
        var domain: DomainXMLElement
        var warnings: [Warning]
    }

    /// `{{ }}` inside a CDATA section would be XML-escaped like any value, and the escapes would
    /// then appear literally; such a placeholder is refused, where it is written.
    static func checkCDATA(_ text: String, file: String) throws {
        var rest = text[...]
        while let open = rest.range(of: "<![CDATA[") {
            let body = rest[open.upperBound...]
            let close = body.range(of: "]]>")?.lowerBound ?? body.endIndex
            if let placeholder = body[..<close].range(of: "{{") {
                let offset = text.distance(from: text.startIndex, to: placeholder.lowerBound)
                throw Diagnostic(
                    "'{{' inside a CDATA section",
                    at: Interpolator.position(
                        of: offset, in: text, base: .file(file),
                        quoted: false),
                    hint: "move the placeholder out of <![CDATA[ … ]]>; inserted values are escaped for you")
            }
            rest = body[close...]
        }
    }

    /// `text` is the interpolated template, `template` the template as written in `file` (for
    /// locating warnings).
    static func prepare(
        _ text: String, template: String, file: String, guest: String, uuid: String, fleet: String
    ) throws -> Prepared {
        var root = LegacySpelling.modernize(try LibXMLParser.parse(text, file: file))
        guard root.name == "domain" else {
            throw Diagnostic("a raw template's root element must be <domain>, not <\(root.name)>", at: .file(file))
        }
        guard let type = root[attribute: "type"], !type.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Diagnostic("<domain> needs a type attribute (kvm, qemu, xen, …)", at: .file(file))
        }
        for unique in ["name", "uuid", "metadata", "devices"] where root.elements(named: unique).count > 1 {
            throw Diagnostic(
                "template has \(root.elements(named: unique).count) <\(unique)> elements; a domain has at most one",
                at: .file(file), hint: "keep one <\(unique)>")
        }
        if let name = root.first("name") {
            guard name.text == guest else {
                throw Diagnostic(
                    "template sets <name>\(name.text)</name> but the guest is named '\(guest)'", at: .file(file),
                    hint: "write <name>{{ name }}</name>, or leave <name> out")
            }
        } else {
            root.children.insert(.element(DomainXMLElement("name", text: guest)), at: 0)
        }
        if let existing = root.first("uuid") {
            guard Identity.normalizeUUID(existing.text) == uuid else {
                throw Diagnostic(
                    "template sets <uuid>\(existing.text)</uuid>, which differs from the guest's UUID \(uuid)",
                    at: .file(file), hint: "set the UUID with 'uuid:' on the guest, or leave <uuid> out")
            }
        } else {
            root.children.insert(.element(DomainXMLElement("uuid", text: uuid)), at: (root.childIndex("name") ?? -1) + 1)
        }
        var warnings = RuntimeOnlyStripping.strip(&root, template: template, file: file)
        OwnershipStamp.orderHeader(&root)
        OwnershipStamp.stamp(&root, OwnershipMetadata(fleet: fleet, guest: guest))
        if let memory = NUMAMemory.check(root, template: template, file: file) { warnings.append(memory) }
        return Prepared(domain: root, warnings: warnings)
    }

    /// Where `pattern` (a regular expression) first matches in the template, or the template file.
    static func location(of pattern: String, in template: String, file: String) -> SourceLocation {
        guard let range = template.range(of: pattern, options: .regularExpression) else { return .file(file) }
        return Interpolator.position(
            of: template.distance(from: template.startIndex, to: range.lowerBound), in: template, base: .file(file),
            quoted: false)
    }
}
