import Foundation
import VirtFleetDomain

/// The few facts observe reads from libvirt's pool and volume XML. libvirt wrote the documents,
/// so a document that does not parse (or lacks an element) gives nil fields, never an error:
/// the plan then sees an unknown type or path, which it treats as a difference.
enum ResourceXML {
    struct Pool: Equatable {
        var type: String
        var path: String?
    }

    struct Volume: Equatable {
        var path: String?
        var format: String?
        var allocation: UInt64?
        var physical: UInt64?
        var backingPath: String?
        var backingFormat: String?
    }

    /// `<pool type='dir'>…<target><path>…</path></target></pool>`.
    static func pool(_ xml: String) -> Pool {
        guard let root = try? LibXMLParser.parse(xml, file: "pool XML"), root.name == "pool" else { return Pool(type: "", path: nil) }
        return Pool(type: root[attribute: "type"] ?? "", path: root.first("target")?.first("path").map(text))
    }

    /// `<volume>` with `<target><path/><format type=…/></target>`, `<allocation>`, `<physical>`
    /// and, for an overlay, `<backingStore><path/><format type=…/></backingStore>`.
    static func volume(_ xml: String) -> Volume {
        guard let root = try? LibXMLParser.parse(xml, file: "volume XML"), root.name == "volume" else { return Volume() }
        let target = root.first("target")
        let backing = root.first("backingStore")
        return Volume(
            path: target?.first("path").map(text), format: target?.first("format")?[attribute: "type"],
            allocation: root.first("allocation").flatMap(bytes), physical: root.first("physical").flatMap(bytes),
            backingPath: backing?.first("path").map(text), backingFormat: backing?.first("format")?[attribute: "type"])
    }

    private static func text(_ element: DomainXMLElement) -> String {
        element.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A size element; libvirt writes them in bytes (`unit='bytes'`), other units are not expected.
    private static func bytes(_ element: DomainXMLElement) -> UInt64? {
        guard (element[attribute: "unit"] ?? "bytes") == "bytes" else { return nil }
        return UInt64(text(element))
    }
}
