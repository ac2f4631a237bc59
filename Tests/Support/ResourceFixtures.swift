import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetInventory

/// Desired pools, networks, images, volumes, seeds and guests built directly (as expansion will
/// build them), for planner, apply and view tests. Every document is what the design says the
/// inventory renders; the fake hypervisor reads them as libvirt would.
public enum Fixtures {
    public static let location = SourceLocation(file: "inventory/fleet.yaml", line: 3, column: 5)

    public static func poolPath(_ name: String) -> String { "/var/lib/virtfleet/\(name)" }

    public static func pool(
        _ name: String = "vf", path: String? = nil, type: String = "dir", state: ResourceState = .active, autostart: Bool = true
    ) -> DesiredPool {
        let path = path ?? poolPath(name)
        let xml = DomainXMLElement(
            "pool", attributes: [XMLAttribute("type", type)],
            children: [
                .element(DomainXMLElement("name", text: name)),
                .element(DomainXMLElement("target", children: [.element(DomainXMLElement("path", text: path))])),
            ])
        return DesiredPool(
            name: name, type: type, path: path, state: state, autostart: autostart, xml: XMLWriter.string(from: xml), location: location)
    }

    public static func network(
        _ name: String = "lab", mode: DesiredNetwork.Mode = .nat, bridge: String? = nil, ip: String? = "10.77.0.1",
        dhcpHosts: [DHCPHost] = [], state: ResourceState = .active, autostart: Bool = true
    ) -> DesiredNetwork {
        var root = DomainXMLElement("network", children: [.element(DomainXMLElement("name", text: name))])
        switch mode {
        case .isolated: break
        case .nat: root.append(DomainXMLElement("forward", attributes: [XMLAttribute("mode", "nat")]))
        case .bridge: root.append(DomainXMLElement("forward", attributes: [XMLAttribute("mode", "bridge")]))
        }
        let bridgeName = bridge ?? (mode == .bridge ? "br0" : "vfbr-\(name)")
        root.append(DomainXMLElement("bridge", attributes: [XMLAttribute("name", bridgeName)]))
        if let ip, mode != .bridge {
            let prefix = ip.split(separator: ".").prefix(3).joined(separator: ".")
            var dhcp = DomainXMLElement(
                "dhcp",
                children: [
                    .element(
                        DomainXMLElement(
                            "range", attributes: [XMLAttribute("start", "\(prefix).100"), XMLAttribute("end", "\(prefix).199")]))
                ])
            for host in dhcpHosts {
                dhcp.append(
                    DomainXMLElement(
                        "host", attributes: [XMLAttribute("mac", host.mac), XMLAttribute("name", host.name), XMLAttribute("ip", host.ip)]))
            }
            root.append(
                DomainXMLElement(
                    "ip", attributes: [XMLAttribute("address", ip), XMLAttribute("prefix", "24")], children: [.element(dhcp)]))
        }
        return DesiredNetwork(
            name: name, mode: mode, bridge: bridgeName, state: state, autostart: autostart, dhcpHosts: dhcpHosts,
            xml: XMLWriter.string(from: root), location: location)
    }

    public static func volumeXML(name: String, capacity: UInt64, format: String, backing: String? = nil) -> String {
        var root = DomainXMLElement(
            "volume",
            children: [
                .element(DomainXMLElement("name", text: name)),
                .element(DomainXMLElement("capacity", text: String(capacity), attributes: [XMLAttribute("unit", "bytes")])),
                .element(
                    DomainXMLElement("target", children: [.element(DomainXMLElement("format", attributes: [XMLAttribute("type", format)]))])
                ),
            ])
        if let backing {
            root.append(
                DomainXMLElement(
                    "backingStore",
                    children: [
                        .element(DomainXMLElement("path", text: backing)),
                        .element(DomainXMLElement("format", attributes: [XMLAttribute("type", "qcow2")])),
                    ]))
        }
        return XMLWriter.string(from: root)
    }

    /// An image whose local file is `file` (its size is read now; 0 when it does not exist).
    public static func image(
        _ name: String = "debian", pool: String = "images", file: String = "/images/debian.qcow2", size: UInt64? = nil,
        sha256: String? = nil, format: String = "qcow2"
    ) -> DesiredImage {
        let volume = "\(name).\(format)"
        let found = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber
        let size = size ?? found?.uint64Value ?? 0
        return DesiredImage(
            name: name, localPath: file, size: size, sha256: sha256, format: format, pool: pool, volume: volume,
            hostPath: poolPath(pool) + "/" + volume, xml: volumeXML(name: volume, capacity: size, format: format),
            location: location)
    }

    public static func volume(
        _ name: String, pool: String = "vf", capacity: UInt64 = 10 << 30, format: String = "qcow2",
        source: DesiredVolume.Source = .empty, image: DesiredImage? = nil
    ) -> DesiredVolume {
        let backing: String? = if case .overlay = source { image?.hostPath } else { nil }
        return DesiredVolume(
            pool: pool, name: name, path: poolPath(pool) + "/" + name, capacity: capacity, format: format, source: source,
            xml: volumeXML(name: name, capacity: capacity, format: format, backing: backing),
            capacityLocation: SourceLocation(file: "templates/cloud.yaml", line: 9, column: 17))
    }

    /// A seed whose "ISO" is stand-in bytes derived from the documents (the real writer is tested
    /// on its own); same documents, same bytes.
    public static func seed(
        guest: String, pool: String = "vf", userData: String = "#cloud-config\n", instanceID: String? = nil
    ) -> DesiredSeed {
        let instance = instanceID ?? "iid-\(guest)"
        let metaData = "instance-id: \(instance)\nlocal-hostname: \(guest)\n"
        var image = Array("CD001 cidata\n\(userData)\n\(metaData)".utf8)
        image += [UInt8](repeating: 0, count: 2048 - image.count % 2048)
        let volume = "\(guest)-cidata.iso"
        return DesiredSeed(
            pool: pool, volume: volume, path: poolPath(pool) + "/" + volume, userData: userData, metaData: metaData,
            networkConfig: nil, instanceID: instance, image: image, hash: Digests.sha256Hex(bytes: image),
            xml: volumeXML(name: volume, capacity: UInt64(image.count), format: "raw"), location: location)
    }

    /// A guest whose disks are its volumes (and its seed as a cdrom), on a network if given.
    public static func guest(
        _ name: String, host: String = "hv1", memory: Int = 65536, state: DesiredState = .running, volumes: [DesiredVolume] = [],
        seed: DesiredSeed? = nil, deleteVolumes: Bool = false, network: String? = nil, fleet: String = "lab"
    ) -> DesiredGuest {
        var definition = DomainDefinition(type: .kvm, name: name, memoryKiB: memory, vcpu: 1, os: OSBoot())
        definition.uuid = Identity.uuid(fleet: fleet, guest: name)
        definition.metadata = [OwnershipMetadata(fleet: fleet, guest: name).element]
        var guest = DesiredGuest(
            host: host, name: name, uuid: definition.uuid ?? "", state: state, domain: definition.xml,
            declaration: .file("guests.yaml"))
        var devices: [DomainXMLElement] = []
        for (index, volume) in volumes.enumerated() {
            devices.append(disk(volume.path, target: "vd" + String(UnicodeScalar(UInt8(97 + index))), device: "disk"))
        }
        if let seed { devices.append(disk(seed.path, target: "sdz", device: "cdrom")) }
        if let network {
            devices.append(
                DomainXMLElement(
                    "interface", attributes: [XMLAttribute("type", "network")],
                    children: [.element(DomainXMLElement("source", attributes: [XMLAttribute("network", network)]))]))
        }
        if !devices.isEmpty, !guest.domain.modifyChild("devices", { $0.children += devices.map { .element($0) } }) {
            guest.domain.append(DomainXMLElement("devices", children: devices.map { .element($0) }))
        }
        guest.volumes = volumes
        guest.seed = seed
        guest.deleteVolumes = deleteVolumes
        return guest
    }

    private static func disk(_ path: String, target: String, device: String) -> DomainXMLElement {
        DomainXMLElement(
            "disk", attributes: [XMLAttribute("type", "file"), XMLAttribute("device", device)],
            children: [
                .element(DomainXMLElement("source", attributes: [XMLAttribute("file", path)])),
                .element(DomainXMLElement("target", attributes: [XMLAttribute("dev", target)])),
            ])
    }
}
