import VirtFleetDiagnostics
import VirtFleetDomain

/// Attributes libvirt writes only into a running domain's XML and never keeps in a persistent
/// definition. A raw template copied from `virsh dumpxml` of a running guest carries them; sent to
/// libvirt they are dropped (or ignored) on define, and the read-back would then look like a loss.
/// virtfleet leaves them out of the rendered document and warns where the template has them.
///
/// The table holds only what libvirt's domain format documents as output-only; docs/inventory.md
/// lists it. User aliases (`<alias name='ua-…'>`) and VNC/SPICE ports are kept.
enum RuntimeOnlyAttributes {
    struct Entry: Sendable {
        /// The element carrying the attribute.
        var element: String
        /// Its parent element, or nil for the document's root.
        var parents: [String]?
        var attribute: String
        /// How the place is named in the warning, e.g. `<disk><source index>`.
        var place: String
        /// Why libvirt does not keep it, for the warning.
        var reason: String
    }

    static let table: [Entry] = [
        Entry(
            element: "domain", parents: nil, attribute: "id", place: "<domain id>",
            reason: "the id of a running guest; a defined domain has none"),
        Entry(
            element: "source", parents: ["disk", "backingStore"], attribute: "index", place: "<disk><source index>",
            reason: "numbers the disk's backing chain in a running guest's XML and is ignored on input"),
        Entry(
            element: "backingStore", parents: ["disk", "backingStore"], attribute: "index", place: "<backingStore index>",
            reason: "numbers the disk's backing chain in a running guest's XML and is ignored on input"),
        Entry(
            element: "target", parents: ["channel"], attribute: "state", place: "<channel><target state>",
            reason: "reports whether the guest agent is connected, in a running guest's XML only"),
    ]

    /// Removes every attribute of the table from `root`; one warning per table entry found, located
    /// at its first occurrence in `template` (the template's text as written in `file`).
    static func strip(_ root: inout DomainXMLElement, template: String, file: String) -> [Warning] {
        var found = Set<Int>()
        strip(&root, parent: nil, found: &found)
        return table.indices.filter(found.contains).map { index in
            let entry = table[index]
            return Warning(
                "\(entry.place) is runtime-only (\(entry.reason)); virtfleet leaves it out of the definition",
                at: RawDomainDocument.location(
                    of: "<\(entry.element)\\b[^>]*\\s\(entry.attribute)\\s*=", in: template, file: file),
                hint: "remove '\(entry.attribute)=' there from the template")
        }
    }

    private static func strip(_ element: inout DomainXMLElement, parent: String?, found: inout Set<Int>) {
        for (index, entry) in table.enumerated() where entry.element == element.name {
            let placed = entry.parents.map { parents in parent.map(parents.contains) ?? false } ?? (parent == nil)
            guard placed, element[attribute: entry.attribute] != nil else { continue }
            element[attribute: entry.attribute] = nil
            found.insert(index)
        }
        for position in element.children.indices {
            guard case .element(var child) = element.children[position] else { continue }
            strip(&child, parent: element.name, found: &found)
            element.children[position] = .element(child)
        }
    }
}
