/// The two hashes behind "no perpetual diff": one of the desired XML, one of libvirt's
/// read-back XML. Both leave out virtfleet's own ownership element (which holds the hashes) and
/// every secret (see `Secrets`), and are taken over a re-serialized tree, so quoting and
/// whitespace never matter.
public enum DomainHash {
    public static func of(_ domain: DomainXMLElement) -> String {
        Digests.sha256Hex(XMLWriter.string(from: Secrets.strip(withoutOwnership(domain)).0))
    }

    /// The domain without `<vf:owner>`; a `<metadata>` left empty is dropped too.
    public static func withoutOwnership(_ domain: DomainXMLElement) -> DomainXMLElement {
        var copy = domain
        copy.modifyChild("metadata") { OwnershipStamp.removeOwnership(from: &$0) }
        if let index = copy.childIndex("metadata"), case .element(let metadata) = copy.children[index],
            metadata.elements.isEmpty
        {
            copy.children.remove(at: index)
        }
        return copy
    }
}
