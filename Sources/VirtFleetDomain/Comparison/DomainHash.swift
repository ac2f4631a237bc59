/// The two hashes behind "no perpetual diff": one of the desired XML (`of`), one of libvirt's
/// read-back XML (`readback`). Both leave out virtfleet's own ownership element (which holds the
/// hashes) and every secret (see `Secrets`), and are taken over a re-serialized tree, so quoting
/// and whitespace never matter.
public enum DomainHash {
    public static func of(_ domain: DomainXMLElement) -> String {
        Digests.sha256Hex(XMLWriter.string(from: Secrets.strip(withoutOwnership(domain)).0))
    }

    /// The hash of libvirt's definition in a canonical form: devices in a fixed order (by kind,
    /// then content), so a daemon restart or upgrade that lists the same devices in another order
    /// (libvirt does, for controllers it added) is not drift. Device order carries no meaning in
    /// a definition libvirt has read: every device it keeps has its address written out.
    public static func readback(_ domain: DomainXMLElement) -> String {
        Digests.sha256Hex(XMLWriter.string(from: canonical(Secrets.strip(withoutOwnership(domain)).0)))
    }

    /// `domain` with the children of `<devices>` sorted by element name, then serialized form,
    /// and without the port numbers libvirt gives virtio consoles (it may number them anew when
    /// it reloads its configuration: measured with libvirt 9.0 after a daemon restart).
    ///
    /// That is the order of the keys `name + "\u{0}" + XMLWriter.string(from: device)`: a NUL sorts
    /// below any character of a name, so names decide between devices of different names, and the
    /// serialized form only between devices of the same name. Only those are serialized.
    public static func canonical(_ domain: DomainXMLElement) -> DomainXMLElement {
        var copy = domain
        copy.modifyChild("devices") { devices in
            let elements = devices.elements.map { device in
                guard ReadbackRules.isVirtioConsole(device) else { return device }
                var console = device
                console.modifyChild("target") { $0[attribute: "port"] = nil }
                return console
            }
            var counts: [String: Int] = [:]
            for element in elements { counts[element.name, default: 0] += 1 }
            let keyed = elements.map { element in
                (name: element.name, text: (counts[element.name] ?? 0) > 1 ? XMLWriter.string(from: element) : "", element: element)
            }
            devices.children = keyed.sorted { $0.name != $1.name ? $0.name < $1.name : $0.text < $1.text }.map { .element($0.element) }
        }
        return copy
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
