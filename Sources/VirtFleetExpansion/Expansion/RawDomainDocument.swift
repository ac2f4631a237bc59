import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Turns an interpolated raw XML template into a domain document with virtfleet's identity:
/// the guest's name, a UUID and the ownership metadata (MACs are assigned fleet-wide later).
enum RawDomainDocument {
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

    static func prepare(_ text: String, file: String, guest: String, uuid: String, fleet: String) throws -> DomainXMLElement {
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
        OwnershipStamp.stamp(&root, OwnershipMetadata(fleet: fleet, guest: guest))
        return root
    }
}
