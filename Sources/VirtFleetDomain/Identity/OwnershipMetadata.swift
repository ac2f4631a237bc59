/// virtfleet's mark on every domain it defines: `<vf:owner xmlns:vf=… fleet=… guest=…/>` inside
/// `<metadata>`. Domains without it (or with another fleet's) are never changed or removed.
public struct OwnershipMetadata: Hashable, Sendable {
    public static let prefix = "vf"
    public static let elementName = "vf:owner"

    public var fleet: String
    public var guest: String
    /// Hash of the desired XML at the last apply (set by apply, absent in rendered output).
    public var desiredHash: String?
    /// Hash of libvirt's canonical inactive XML read back right after define.
    public var readbackHash: String?

    public init(fleet: String, guest: String, desiredHash: String? = nil, readbackHash: String? = nil) {
        self.fleet = fleet
        self.guest = guest
        self.desiredHash = desiredHash
        self.readbackHash = readbackHash
    }

    public var element: XMLElement {
        var element = XMLElement(Self.elementName, attributes: [
            XMLAttribute("xmlns:\(Self.prefix)", Identity.metadataNamespace),
            XMLAttribute("fleet", fleet), XMLAttribute("guest", guest),
        ])
        element.set("desired-hash", desiredHash)
        element.set("readback-hash", readbackHash)
        return element
    }

    /// Reads the mark from a domain document, whatever prefix libvirt gave the namespace.
    public init?(domain: XMLElement) {
        guard let metadata = domain.first("metadata") else { return nil }
        for candidate in metadata.elements {
            let prefix = candidate.name.split(separator: ":").first.map(String.init) ?? ""
            guard candidate.name.hasSuffix(":owner") || candidate.name == "owner",
                  candidate[attribute: "xmlns:\(prefix)"] == Identity.metadataNamespace
                    || candidate[attribute: "xmlns"] == Identity.metadataNamespace,
                  let fleet = candidate[attribute: "fleet"], let guest = candidate[attribute: "guest"]
            else { continue }
            self.init(fleet: fleet, guest: guest, desiredHash: candidate[attribute: "desired-hash"],
                      readbackHash: candidate[attribute: "readback-hash"])
            return
        }
        return nil
    }
}
