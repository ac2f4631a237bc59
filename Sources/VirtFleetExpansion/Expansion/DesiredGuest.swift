import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// One concrete guest the fleet should have: which host, its domain XML, and its desired state.
///
/// The output of expansion and the input of planning; identical inventories always expand to
/// identical values (names, UUIDs, MACs, XML).
public struct DesiredGuest: Sendable, Hashable {
    public var host: String
    public var name: String
    public var uuid: String
    public var state: DesiredState
    /// The domain document as it will be defined (including virtfleet's ownership metadata).
    public var domain: DomainXMLElement
    /// Where the guest was declared, for errors about it.
    public var declaration: SourceLocation
    /// The template it was made from, as the guest names it.
    public var template: String
    /// Volumes made for this guest before its domain is defined (overlays, clones, empty disks).
    public var volumes: [DesiredVolume] = []
    /// The cloud-init seed attached as a read-only cdrom, if the guest declares `cloud_init`.
    public var seed: DesiredSeed?
    /// `delete_volumes: true`: deleting the guest also deletes the volumes virtfleet made for it.
    public var deleteVolumes = false

    public init(
        host: String, name: String, uuid: String, state: DesiredState, domain: DomainXMLElement,
        declaration: SourceLocation, template: String = ""
    ) {
        self.host = host
        self.name = name
        self.uuid = uuid
        self.state = state
        self.domain = domain
        self.declaration = declaration
        self.template = template
    }

    public var xml: String { XMLWriter.string(from: domain) }

    public var macs: [String] {
        domain.first("devices")?.elements(named: "interface").compactMap { $0.first("mac")?[attribute: "address"] } ?? []
    }
}
