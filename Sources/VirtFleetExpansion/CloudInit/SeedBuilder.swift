import VirtFleetCloudInit
import VirtFleetDiagnostics
import VirtFleetDomain

/// Turns rendered cloud-init documents into a guest's `DesiredSeed` (the `cidata` ISO, its hash and
/// volume document) and attaches it to the domain as a read-only cdrom.
enum SeedBuilder {
    /// Every seed records this one time, so the same documents always give the same bytes and hash.
    static let timestamp = SeedTimestamp.unixEpoch

    static func seed(_ rendered: CloudInitRenderer.Rendered, poolPath: String, block: SourceLocation) throws -> DesiredSeed {
        let image: [UInt8]
        do {
            image = try NoCloudSeed(
                userData: rendered.userData, metaData: rendered.metaData, networkConfig: rendered.networkConfig, timestamp: timestamp
            ).image()
        } catch {
            if case .documentTooLarge(let name, let bytes, let limit) = error {
                let document = NoCloudSeed.Document(rawValue: name) ?? .userData
                throw Diagnostic(
                    "\(name) has \(bytes) bytes after interpolation, more than the \(limit) a NoCloud seed document may have",
                    at: rendered.locations[document] ?? block,
                    hint: "keep large payloads out of the seed (fetch them at first boot), or shrink the document")
            }
            throw Diagnostic(error.description, at: block)
        }
        let path = poolPath + "/" + rendered.volume
        return DesiredSeed(
            pool: rendered.pool, volume: rendered.volume, path: path, userData: rendered.userData, metaData: rendered.metaData,
            networkConfig: rendered.networkConfig, instanceID: rendered.instanceID, image: image,
            hash: Digests.sha256Hex(bytes: image),
            xml: ResourceXML.volume(name: rendered.volume, capacity: UInt64(image.count), format: "raw"), location: block)
    }

    /// Adds `<disk type='file' device='cdrom'>` for the seed after the domain's last disk; a named
    /// target must be free, and without one the first name of the bus's kind (`hdX` on IDE, `sdX`
    /// otherwise) no disk uses is taken. A SCSI cdrom
    /// gets a virtio-scsi controller when the domain has no SCSI controller (libvirt would add an
    /// lsilogic one, which cloud kernels do not drive).
    static func attach(_ seed: DesiredSeed, target: String?, bus: String, to domain: inout DomainXMLElement, at location: SourceLocation)
        throws
    {
        if domain.first("devices") == nil { domain.append(DomainXMLElement("devices")) }
        try domain.modifyChild("devices") { devices in
            let disks = devices.children.indices.filter {
                if case .element(let element) = devices.children[$0] { element.name == "disk" } else { false }
            }
            var used = Set<String>()
            for index in disks {
                if case .element(let disk) = devices.children[index], let dev = disk.first("target")?[attribute: "dev"] { used.insert(dev) }
            }
            let chosen: String
            if let target {
                guard !used.contains(target) else {
                    throw Diagnostic(
                        "the cloud-init cdrom's target '\(target)' is already used by a disk of the template", at: location,
                        hint: "set another one with cloud_init cdrom: {target: …}")
                }
                chosen = target
            } else {
                // libvirt places a disk by its name's prefix: hdX on IDE, sdX on SCSI, SATA and USB.
                let prefix = bus == DiskBus.ide.rawValue ? "hd" : "sd"
                guard let free = "abcdefghijklmnopqrstuvwxyz".lazy.map({ "\(prefix)\($0)" }).first(where: { !used.contains($0) }) else {
                    throw Diagnostic(
                        "the guest uses every target from \(prefix)a to \(prefix)z, so the cloud-init cdrom has none left", at: location,
                        hint: "set one with cloud_init cdrom: {target: …, bus: …}")
                }
                chosen = free
            }
            let cdrom = ResourceXML.fileDisk(device: "cdrom", format: "raw", path: seed.path, target: chosen, bus: bus, readonly: true)
            let position = disks.last.map { $0 + 1 } ?? (devices.childIndex("emulator").map { $0 + 1 } ?? 0)
            devices.children.insert(.element(cdrom), at: position)
            let hasSCSIController = devices.elements(named: "controller").contains { $0[attribute: "type"] == "scsi" }
            if bus == DiskBus.scsi.rawValue, !hasSCSIController {
                let controller = DomainXMLElement(
                    "controller", attributes: [XMLAttribute("type", "scsi"), XMLAttribute("model", "virtio-scsi")])
                devices.children.insert(.element(controller), at: position + 1)
            }
        }
    }
}
