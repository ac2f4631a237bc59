import VirtFleetDiagnostics
import VirtFleetDomain

/// Leaves the runtime-only attributes (`RuntimeOnlyAttributes`, the one table) out of a raw
/// template's document, with a warning located where the template has them.
enum RuntimeOnlyStripping {
    /// Removes every attribute of the table from `root`; one warning per table entry found, located
    /// at its first occurrence in `template` (the template's text as written in `file`).
    static func strip(_ root: inout DomainXMLElement, template: String, file: String) -> [Warning] {
        var found = Set<Int>()
        strip(&root, parent: nil, found: &found)
        let table = RuntimeOnlyAttributes.table
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
        for attribute in element.attributes {
            guard let index = RuntimeOnlyAttributes.entry(for: attribute.name, of: element.name, parent: parent) else { continue }
            element[attribute: attribute.name] = nil
            found.insert(index)
        }
        for position in element.children.indices {
            guard case .element(var child) = element.children[position] else { continue }
            strip(&child, parent: element.name, found: &found)
            element.children[position] = .element(child)
        }
    }
}
