/// virtfleet's mark on every domain it defines: `<vf:owner xmlns:vf=… fleet=… guest=…/>` inside
/// `<metadata>`. Domains without it (or with another fleet's) are never changed or removed.
public struct OwnershipMetadata: Hashable, Sendable {
    public static let prefix = "vf"
    public static let elementName = "vf:owner"
    /// The read-back hash recorded when libvirt did not keep the whole definition, so the next
    /// plan shows drift instead of calling the guest converged.
    public static let unverified = "unverified"

    public var fleet: String
    public var guest: String
    /// Hash of the desired XML at the last apply (set by apply, absent in rendered output).
    public var desiredHash: String?
    /// Hash of libvirt's canonical inactive XML read back right after define.
    public var readbackHash: String?
    /// The definition changed while the guest ran and it was not restarted: it still runs the old one.
    public var restartPending: Bool
    /// libvirt's id of the run that still has the old definition; a guest started again since
    /// (another id) runs the new one, so the pending restart is over.
    public var pendingRunID: Int?

    public init(
        fleet: String, guest: String, desiredHash: String? = nil, readbackHash: String? = nil,
        restartPending: Bool = false, pendingRunID: Int? = nil
    ) {
        self.fleet = fleet
        self.guest = guest
        self.desiredHash = desiredHash
        self.readbackHash = readbackHash
        self.restartPending = restartPending
        self.pendingRunID = restartPending ? pendingRunID : nil
    }

    /// The element as `virDomainSetMetadata` takes it: no prefix, no namespace declaration.
    public var bareElement: DomainXMLElement {
        DomainXMLElement("owner", attributes: element.attributes.filter { !$0.name.hasPrefix("xmlns") })
    }

    public var element: DomainXMLElement {
        var element = DomainXMLElement(
            Self.elementName,
            attributes: [
                XMLAttribute("xmlns:\(Self.prefix)", Identity.metadataNamespace),
                XMLAttribute("fleet", fleet), XMLAttribute("guest", guest),
            ])
        element.set("desired-hash", desiredHash)
        element.set("readback-hash", readbackHash)
        element.set("restart-pending", restartPending ? pendingRunID.map(String.init) ?? "yes" : nil)
        return element
    }

    /// True for virtfleet's element, whatever prefix libvirt gave the namespace.
    public static func isOwnershipElement(_ element: DomainXMLElement) -> Bool {
        let parts = element.name.split(separator: ":")
        guard parts.last == "owner" else { return false }
        let declaration = parts.count == 2 ? "xmlns:\(parts[0])" : "xmlns"
        return element[attribute: declaration] == Identity.metadataNamespace
    }

    /// Reads the mark from a domain document.
    public init?(domain: DomainXMLElement) {
        guard let metadata = domain.first("metadata") else { return nil }
        for candidate in metadata.elements {
            guard Self.isOwnershipElement(candidate),
                let fleet = candidate[attribute: "fleet"], let guest = candidate[attribute: "guest"]
            else { continue }
            self.init(
                fleet: fleet, guest: guest, desiredHash: candidate[attribute: "desired-hash"],
                readbackHash: candidate[attribute: "readback-hash"],
                restartPending: candidate[attribute: "restart-pending"] != nil,
                pendingRunID: candidate[attribute: "restart-pending"].flatMap { Int($0) })
            return
        }
        return nil
    }
}
