/// virtfleet's mark on every domain it defines: `<vf:owner xmlns:vf=… fleet=… guest=…/>` inside
/// `<metadata>`. Domains without it (or with another fleet's) are never changed or removed.
///
/// Besides the two hashes it records what virtfleet made for the guest, so that a removed guest
/// loses exactly that and nothing else: one `<vf:volume pool=… name=…/>` child per volume or seed
/// it created, the `seed-hash` and `instance-id` of the seed last uploaded, and
/// `delete-volumes="yes"` when the inventory asked for the volumes to go with the guest.
public struct OwnershipMetadata: Hashable, Sendable {
    public static let prefix = "vf"
    public static let elementName = "vf:owner"
    /// The read-back hash recorded when libvirt did not keep the whole definition, so the next
    /// plan shows drift instead of calling the guest converged.
    public static let unverified = "unverified"

    /// A volume virtfleet created for the guest (a disk volume or its cloud-init seed).
    public struct Volume: Hashable, Sendable, Comparable {
        public var pool: String
        public var name: String

        public init(pool: String, name: String) {
            self.pool = pool
            self.name = name
        }

        public static func < (a: Volume, b: Volume) -> Bool { (a.pool, a.name) < (b.pool, b.name) }
    }

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
    /// The volumes (and seed) virtfleet created for this guest, sorted, each once.
    public var volumes: [Volume]
    /// SHA-256 of the cloud-init seed image last uploaded for the guest.
    public var seedHash: String?
    /// The `instance-id` of that seed's meta-data.
    public var instanceID: String?
    /// `delete_volumes: true` at the last apply: deleting the guest deletes `volumes` too.
    public var deleteVolumes: Bool

    public init(
        fleet: String, guest: String, desiredHash: String? = nil, readbackHash: String? = nil,
        restartPending: Bool = false, pendingRunID: Int? = nil, volumes: [Volume] = [], seedHash: String? = nil,
        instanceID: String? = nil, deleteVolumes: Bool = false
    ) {
        self.fleet = fleet
        self.guest = guest
        self.desiredHash = desiredHash
        self.readbackHash = readbackHash
        self.restartPending = restartPending
        self.pendingRunID = restartPending ? pendingRunID : nil
        self.volumes = Array(Set(volumes)).sorted()
        self.seedHash = seedHash
        self.instanceID = instanceID
        self.deleteVolumes = deleteVolumes
    }

    /// The element as `virDomainSetMetadata` takes it: no prefix, no namespace declaration. libvirt
    /// puts the namespace on the element itself; its `<volume>` children stay unprefixed.
    public var bareElement: DomainXMLElement {
        DomainXMLElement(
            "owner", attributes: element.attributes.filter { !$0.name.hasPrefix("xmlns") },
            children: volumes.map { .element(Self.volumeElement($0, name: "volume")) })
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
        element.set("seed-hash", seedHash)
        element.set("instance-id", instanceID)
        element.set("delete-volumes", deleteVolumes ? "yes" : nil)
        for volume in volumes { element.append(Self.volumeElement(volume, name: "\(Self.prefix):volume")) }
        return element
    }

    private static func volumeElement(_ volume: Volume, name: String) -> DomainXMLElement {
        DomainXMLElement(name, attributes: [XMLAttribute("pool", volume.pool), XMLAttribute("name", volume.name)])
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
                pendingRunID: candidate[attribute: "restart-pending"].flatMap { Int($0) },
                volumes: Self.volumes(in: candidate), seedHash: candidate[attribute: "seed-hash"],
                instanceID: candidate[attribute: "instance-id"],
                deleteVolumes: candidate[attribute: "delete-volumes"] == "yes")
            return
        }
        return nil
    }

    /// The `<volume>` children, whatever prefix (or none) libvirt wrote them with: they sit inside
    /// virtfleet's own element, so the local name decides.
    private static func volumes(in owner: DomainXMLElement) -> [Volume] {
        owner.elements.compactMap { child in
            guard child.name.split(separator: ":").last == "volume", let pool = child[attribute: "pool"],
                let name = child[attribute: "name"]
            else { return nil }
            return Volume(pool: pool, name: name)
        }
    }
}
