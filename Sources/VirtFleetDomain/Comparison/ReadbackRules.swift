/// How libvirt writes back what it was given: the same meaning in another spelling. The read-back
/// check (`DomainSubset`) asks these rules whether a difference is only spelling; each rule
/// answers yes only when the two values provably mean the same to libvirt, so a real loss is
/// never hidden. docs/plan-semantics.md lists them for users.
enum ReadbackRules {
    // MARK: Values libvirt respells

    /// True when libvirt's `have` stands for the `want` virtfleet defined, for attribute `name` of
    /// `element` (the desired element; `observed` is libvirt's).
    static func sameAttribute(
        _ name: String, want: String, have: String, in element: DomainXMLElement, observed: DomainXMLElement,
        parent: String?
    ) -> Bool {
        if want == have { return true }
        if sameNumber(want, have) { return true }
        if nodesetAttributes.contains(name), let w = Nodeset(want), let h = Nodeset(have), w == h { return true }
        if caseInsensitive(name, of: element.name, parent: parent), want.lowercased() == have.lowercased() { return true }
        if name == "address" || name == "id", want.lowercased() == have.lowercased() { return true }
        if let size = sizeAttribute(name, of: element.name), let w = bytes(want, unit: element[attribute: "unit"], default: size),
            let h = bytes(have, unit: observed[attribute: "unit"], default: size), sameSize(w, h)
        {
            return true
        }
        switch (element.name, name) {
        case ("type", "machine"):
            // `pc` → `pc-i440fx-7.2`, `q35` → `pc-q35-7.2`: the alias resolved to the versioned type.
            let expansions = ["pc": "pc-i440fx-", "q35": "pc-q35-"]
            return have.hasPrefix(expansions[want] ?? "\(want)-")
        case ("source", "name") where element[attribute: "protocol"] == "iscsi":
            // An iSCSI target without a LUN means LUN 0, which libvirt writes out.
            return !want.contains("/") && have == want + "/0"
        case ("disk", "type"):
            // A disk with no source (an empty cdrom or floppy) is stored as an empty `file` disk,
            // whatever type it was given.
            return have == "file" && element.first("source") == nil
        default:
            return false
        }
    }

    /// The text of a leaf element, compared the same way: sizes in bytes, numbers by value.
    static func sameText(_ want: String, _ have: String, of element: DomainXMLElement, observed: DomainXMLElement) -> Bool {
        if want == have || sameNumber(want, have) { return true }
        guard let unit = sizeElementUnit(element), let w = bytes(want, unit: element[attribute: "unit"], default: unit),
            let h = bytes(have, unit: observed[attribute: "unit"], default: sizeElementUnit(observed) ?? unit)
        else { return false }
        return sameSize(w, h)
    }

    /// The `unit` attribute is not compared on an element whose size is compared in bytes.
    static func isNormalizedUnit(_ attribute: String, of element: DomainXMLElement) -> Bool {
        attribute == "unit"
            && (sizeElementUnit(element) != nil || element.attributes.contains { sizeAttribute($0.name, of: element.name) != nil })
    }

    // MARK: What libvirt does not keep

    /// Attributes that only describe a running domain (`RuntimeOnlyAttributes`), and values libvirt
    /// chooses itself when the guest starts: libvirt never keeps either in a definition.
    static func isRuntimeOnly(_ attribute: XMLAttribute, of element: DomainXMLElement, parent: String?) -> Bool {
        if RuntimeOnlyAttributes.entry(for: attribute.name, of: element.name, parent: parent) != nil { return true }
        // libvirt uses only the first <listen>; when that is a socket (or none), the TCP settings
        // have no effect and libvirt does not keep them.
        if element.name == "graphics", ["port", "tlsPort", "autoport", "listen"].contains(attribute.name),
            ["socket", "none"].contains(element.first("listen")?[attribute: "type"] ?? "")
        {
            return true
        }
        switch (parent, element.name, attribute.name) {
        // Only user aliases (`ua-…`) are kept; libvirt assigns the others when the guest starts.
        case (_, "alias", "name"): return !attribute.value.hasPrefix("ua-")
        // libvirt reserves these prefixes for the tap devices it names itself, and forgets such a
        // name in a definition (unless the tap is unmanaged).
        case ("interface", "target", "dev"):
            return element[attribute: "managed"] != "no" && reservedTapPrefixes.contains { attribute.value.hasPrefix($0) }
        // With autoport, or -1 ("pick one"), the port is chosen when the guest starts.
        case (_, "graphics", "port"), (_, "graphics", "tlsPort"):
            return element[attribute: "autoport"] == "yes" || attribute.value == "-1"
        // A password's expiry and what to do with connected clients qualify a password; without
        // one (a document copied from `virsh dumpxml` without --security-info) libvirt drops them.
        case (_, "graphics", "passwdValidTo"), (_, "graphics", "connected"):
            return element[attribute: "passwd"] == nil
        // libvirt numbers virtio consoles itself, and may number them anew when it reloads.
        case ("console", "target", "port"):
            return element[attribute: "type"] == "virtio"
        // A channel socket in libvirt's own per-guest folder (`…/channel/target/domain-ID-NAME/…`,
        // as `virsh dumpxml` of a running guest shows it) is made anew when the guest starts.
        case ("channel", "source", "path"):
            return attribute.value.contains("/channel/target/domain-")
        default: return false
        }
    }

    static let reservedTapPrefixes = ["vnet", "macvtap", "macvlan"]

    /// A virtio `<console>`: libvirt numbers these itself and may number them anew when it
    /// reloads its configuration, so their port is never compared, paired on or hashed.
    static func isVirtioConsole(_ device: DomainXMLElement) -> Bool {
        device.name == "console" && device.first("target")?[attribute: "type"] == "virtio"
    }

    /// Elements that are character devices (`<source>`, `<protocol>`, `<target>` inside).
    static let characterDevices: Set<String> = ["serial", "parallel", "console", "channel", "smartcard", "redirdev"]

    /// Attribute values libvirt treats as its default and does not write back.
    static let omittedDefaults: [OmittedDefault] = [
        OmittedDefault(parent: "disk", element: "target", attribute: "tray", value: "closed"),
        OmittedDefault(parent: "cpu", element: "model", attribute: "fallback", value: "allow"),
        // A unix channel without a path: libvirt picks the socket path when the guest starts.
        OmittedDefault(parent: "channel", element: "source", attribute: "mode", value: "bind"),
        OmittedDefault(parent: "devices", element: "graphics", attribute: "defaultMode", value: "any"),
    ]

    struct OmittedDefault: Hashable {
        var parent: String
        var element: String
        var attribute: String
        var value: String
    }

    static func isOmittedDefault(_ attribute: XMLAttribute, of element: DomainXMLElement, parent: String?) -> Bool {
        // A read-only disk takes no snapshots; libvirt writes `snapshot='no'` only for writable ones.
        if element.name == "disk", attribute.name == "snapshot", attribute.value == "no", element.first("readonly") != nil {
            return true
        }
        // SPICE or VNC with neither a port nor automatic ports listens nowhere, which libvirt
        // writes as `<listen type='none'/>`, without `autoport`.
        if element.name == "graphics", attribute.name == "autoport", attribute.value == "no",
            element[attribute: "port"] == nil, element[attribute: "tlsPort"] == nil, element.first("listen") == nil
        {
            return true
        }
        // `raw` is a character device's default protocol; libvirt writes `<protocol>` only for TCP.
        if element.name == "protocol", attribute.name == "type", attribute.value == "raw", let parent,
            characterDevices.contains(parent)
        {
            return true
        }
        return omittedDefaults.contains {
            $0.parent == parent && $0.element == element.name && $0.attribute == attribute.name && $0.value == attribute.value
        }
    }

    /// True when libvirt may leave out `element` entirely and still mean the same: it carries only
    /// default attribute values (and such children), or a memtune limit of "unlimited". An empty
    /// flag element such as `<readonly/>` is never omittable: its presence is the meaning.
    static func isOmittable(_ element: DomainXMLElement, parent: String?) -> Bool {
        if parent == "memtune", let limit = bytes(element.text, unit: element[attribute: "unit"], default: "KiB"),
            limit >= unlimitedKiB * 1024
        {
            return true
        }
        guard element.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            !element.attributes.isEmpty || !element.elements.isEmpty
        else { return false }
        let attributes = element.attributes.filter { !$0.name.hasPrefix("xmlns") && !isRuntimeOnly($0, of: element, parent: parent) }
        return attributes.allSatisfy { isOmittedDefault($0, of: element, parent: parent) }
            && element.elements.allSatisfy { isOmittable($0, parent: element.name) }
    }

    /// libvirt's "no limit" for memtune values (VIR_DOMAIN_MEMORY_PARAM_UNLIMITED, in KiB).
    static let unlimitedKiB: Double = 9_007_199_254_740_991

    /// `<cputune>` with each `<vcpusched vcpus='0-1'>` (and `<iothreadsched iothreads=…>`)
    /// split into one element per member, as libvirt stores them. Sets it cannot read stay whole.
    static func splitSchedulers(_ cputune: DomainXMLElement) -> DomainXMLElement {
        var copy = cputune
        copy.children = cputune.children.flatMap { node -> [XMLNode] in
            guard case .element(let element) = node,
                let attribute = ["vcpusched": "vcpus", "iothreadsched": "iothreads"][element.name],
                let value = element[attribute: attribute], let set = Nodeset(value), set.members.count > 1
            else { return [node] }
            return set.members.sorted().map { member in
                var single = element
                single[attribute: attribute] = String(member)
                return .element(single)
            }
        }
        return copy
    }

    // MARK: Tables

    /// Attributes holding a set of CPUs or NUMA nodes (`0-3,^2`), compared as sets.
    static let nodesetAttributes: Set<String> = ["cpuset", "nodeset", "cpus", "vcpus"]

    private static func caseInsensitive(_ attribute: String, of element: String, parent: String?) -> Bool {
        // A NIC model is matched case-insensitively and stored in lower case.
        parent == "interface" && element == "model" && attribute == "type"
    }

    /// The default unit of an attribute that is a size, or nil.
    private static func sizeAttribute(_ attribute: String, of element: String) -> String? {
        switch (element, attribute) {
        case ("cell", "memory"), ("page", "size"), ("hugepages", "size"): "KiB"
        default: nil
        }
    }

    /// Elements whose text is a size: with a `unit` attribute, or one libvirt writes in KiB.
    private static let sizeElements: [String: String] = [
        "memory": "KiB", "currentMemory": "KiB", "maxMemory": "KiB", "hard_limit": "KiB", "soft_limit": "KiB",
        "swap_hard_limit": "KiB", "min_guarantee": "KiB", "size": "KiB", "requested": "KiB", "max_size": "bytes",
        "block": "bytes",
    ]

    private static func sizeElementUnit(_ element: DomainXMLElement) -> String? {
        sizeElements[element.name] ?? (element[attribute: "unit"] != nil && element.elements.isEmpty ? "bytes" : nil)
    }

    // MARK: Parsing

    /// A value in bytes, or nil when it is not a plain number or the unit is unknown.
    static func bytes(_ text: String, unit: String?, default defaultUnit: String) -> Double? {
        guard let value = IntegerValue(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let factor = MemoryUnit.bytes[(unit ?? defaultUnit).lowercased()]
        else { return nil }
        return Double(value.magnitude) * factor
    }

    /// libvirt stores sizes in whole KiB, rounding up.
    private static func sameSize(_ want: Double, _ have: Double) -> Bool {
        want == have || (want / 1024).rounded(.up) * 1024 == have
    }

    /// Both are integers of the same value, in any base libvirt reads (`18` and `0x12`).
    static func sameNumber(_ a: String, _ b: String) -> Bool {
        guard let x = IntegerValue(a), let y = IntegerValue(b) else { return false }
        return x == y
    }
}

/// An integer the way C's `strtol(…, 0)` reads it, as libvirt does for addresses: `0x` hex,
/// a leading `0` octal, otherwise decimal; ASCII digits only.
struct IntegerValue: Equatable {
    var negative: Bool
    var magnitude: UInt64

    init?(_ text: String) {
        var digits = Substring(text)
        negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        var radix: UInt64 = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.first == "0" {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = UInt64(digits, radix: Int(radix)) else { return nil }
        magnitude = value
        if value == 0 { negative = false }
    }
}

/// A set of CPUs or NUMA nodes in libvirt's syntax: `0-3,8,^2`.
struct Nodeset: Equatable {
    var members: Set<Int> = []

    /// Ranges wider than this are not expanded; such a set is compared as text.
    private static let widest = 1 << 16

    init?(_ text: String) {
        var excluded: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = item.trimmingCharacters(in: .whitespaces)
            let negated = item.hasPrefix("^")
            let bounds = (negated ? item.dropFirst() : Substring(item)).split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Self.number(bounds[0]), let high = Self.number(bounds.last ?? ""),
                low <= high, high - low <= Self.widest
            else { return nil }
            if negated {
                guard bounds.count == 1 else { return nil }
                excluded.insert(low)
            } else {
                members.formUnion(low...high)
            }
        }
        members.subtract(excluded)
    }

    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
