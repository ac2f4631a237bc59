/// Puts a complete ownership element (with its hashes) into a domain document, replacing any.
public enum OwnershipStamp {
    public static func stamp(_ domain: XMLElement, fleet: String, guest: String, desiredHash: String?,
                             readbackHash: String?) -> XMLElement {
        var copy = DomainHash.withoutOwnership(domain)
        let owner = OwnershipMetadata(fleet: fleet, guest: guest, desiredHash: desiredHash, readbackHash: readbackHash).element
        if !copy.modifyChild("metadata", { $0.append(owner) }) {
            copy.children.insert(.element(XMLElement("metadata", children: [.element(owner)])),
                                 at: (copy.childIndex("uuid") ?? copy.childIndex("name") ?? 0) + 1)
        }
        return copy
    }
}
