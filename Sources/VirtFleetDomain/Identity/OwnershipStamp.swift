/// Puts virtfleet's ownership element into a domain document, replacing any. An existing
/// `<metadata>` keeps its place and its other elements; a new one goes where libvirt writes it,
/// after `<name>`, `<uuid>`, `<genid>`, `<title>` and `<description>` (see `orderHeader`).
public enum OwnershipStamp {
    /// The domain's identity and description elements, in the order libvirt's schema lists them
    /// and libvirt writes them.
    public static let header = ["name", "uuid", "genid", "title", "description", "metadata"]

    /// Moves the `header` elements a document has to its front, in schema order; everything else
    /// keeps its order. libxml2's RelaxNG check of libvirt's schema rejects a document with a root
    /// `id` whose `<name>`, `<uuid>` and `<genid>` are not next to each other ("Invalid attribute id
    /// for element domain"), so documents are sent in libvirt's own order.
    public static func orderHeader(_ domain: inout DomainXMLElement) {
        var front: [XMLNode] = []
        for name in header {
            guard let index = domain.childIndex(name) else { continue }
            front.append(domain.children.remove(at: index))
        }
        domain.children.insert(contentsOf: front, at: 0)
    }

    /// A complete ownership element (with its hashes) in a copy of `domain`.
    public static func stamp(
        _ domain: DomainXMLElement, fleet: String, guest: String, desiredHash: String?,
        readbackHash: String?
    ) -> DomainXMLElement {
        var copy = domain
        stamp(&copy, OwnershipMetadata(fleet: fleet, guest: guest, desiredHash: desiredHash, readbackHash: readbackHash))
        return copy
    }

    public static func stamp(_ domain: inout DomainXMLElement, _ owner: OwnershipMetadata) {
        let element = owner.element
        let replaced = domain.modifyChild("metadata") { metadata in
            removeOwnership(from: &metadata)
            metadata.append(element)
        }
        if !replaced {
            let last = ["name", "uuid", "genid", "title", "description"].compactMap(domain.childIndex).max()
            domain.children.insert(
                .element(DomainXMLElement("metadata", children: [.element(element)])),
                at: last.map { $0 + 1 } ?? 0)
        }
    }

    /// Removes virtfleet's element (whatever its prefix) from a `<metadata>` element.
    static func removeOwnership(from metadata: inout DomainXMLElement) {
        metadata.children.removeAll { node in
            if case .element(let e) = node { return OwnershipMetadata.isOwnershipElement(e) }
            return false
        }
    }
}
