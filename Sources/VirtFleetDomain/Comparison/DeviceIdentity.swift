/// Which element in libvirt's read-back is the same device as one virtfleet defined. libvirt
/// reorders devices (disks by target, the primary video first, controllers it adds in between),
/// so repeated elements pair by what identifies them, not by position.
enum DeviceIdentity {
    /// A test that recognises `desired`'s counterpart, or nil when the element has no identity of
    /// its own (it is then paired by best match, see `DomainSubset`).
    static func matcher(for desired: DomainXMLElement) -> ((DomainXMLElement) -> Bool)? {
        func target(_ e: DomainXMLElement, _ attribute: String) -> String? { e.first("target")?[attribute: attribute] }
        func same(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return false }
            return a == b || ReadbackRules.sameNumber(a, b)
        }
        switch desired.name {
        case "disk":
            guard let dev = target(desired, "dev") else { return nil }
            return { target($0, "dev") == dev }
        case "interface":
            guard let mac = desired.first("mac")?[attribute: "address"]?.lowercased() else { return nil }
            return { $0.first("mac")?[attribute: "address"]?.lowercased() == mac }
        case "channel":
            if let name = target(desired, "name") { return { target($0, "name") == name } }
            return port(desired)
        case "console" where ReadbackRules.isVirtioConsole(desired):
            return nil  // libvirt numbers virtio consoles itself: best match
        case "serial", "parallel", "console":
            return port(desired)
        case "controller":
            guard let type = desired[attribute: "type"], let index = desired[attribute: "index"] else { return nil }
            return { $0[attribute: "type"] == type && same($0[attribute: "index"], index) }
        case "video":
            // At most one video is primary; libvirt lists it first.
            guard desired.first("model")?[attribute: "primary"] == "yes" else { return nil }
            return { $0.first("model")?[attribute: "primary"] == "yes" }
        case "input":
            guard let type = desired[attribute: "type"] else { return nil }
            let bus = desired[attribute: "bus"]
            return { $0[attribute: "type"] == type && (bus == nil || $0[attribute: "bus"] == bus) }
        case "graphics":
            guard let type = desired[attribute: "type"] else { return nil }
            return { $0[attribute: "type"] == type }
        case "filesystem":
            guard let dir = target(desired, "dir") else { return nil }
            return { target($0, "dir") == dir }
        case "hostdev":
            let key = hostdevKey(desired)
            guard key.contains(where: { $0 != nil }) else { return nil }
            return { hostdevKey($0) == key }
        case "cell":
            guard let id = desired[attribute: "id"] else { return nil }
            return { same($0[attribute: "id"], id) }
        case "vcpupin", "vcpusched", "iothreadpin", "iothreadsched":
            let key = ["vcpupin": "vcpu", "vcpusched": "vcpus", "iothreadpin": "iothread", "iothreadsched": "iothreads"][desired.name]
            guard let key, let value = desired[attribute: key] else { return nil }
            return { same($0[attribute: key], value) }
        default:
            return nil
        }
    }

    private static func port(_ desired: DomainXMLElement) -> ((DomainXMLElement) -> Bool)? {
        guard let port = desired.first("target")?[attribute: "port"] else { return nil }
        let type = desired.first("target")?[attribute: "type"]
        return { observed in
            let target = observed.first("target")
            return target?[attribute: "port"] == port && (type == nil || target?[attribute: "type"] == type)
        }
    }

    private static func hostdevKey(_ hostdev: DomainXMLElement) -> [String?] {
        let source = hostdev.first("source")
        return [
            source?.first("vendor")?[attribute: "id"], source?.first("product")?[attribute: "id"],
            source?.first("address")?[attribute: "bus"], source?.first("address")?[attribute: "device"],
            source?.first("address")?[attribute: "slot"], source?.first("address")?[attribute: "function"],
        ]
        .map { $0.flatMap(IntegerValue.init).map { String($0.magnitude) } ?? $0?.lowercased() }
    }
}
