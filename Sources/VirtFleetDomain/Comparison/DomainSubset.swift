/// Compares what virtfleet asked for with what libvirt holds: every element, attribute and
/// text of `desired` must be present in `observed`; whatever libvirt added (addresses,
/// controllers, defaults) is ignored. Same-named siblings pair up in order (the 2nd `<disk>`
/// with the 2nd `<disk>`), which is how libvirt keeps devices.
///
/// Used after define ("nothing silently dropped") and for the plan's readable diffs. Secret
/// attributes (`Secrets.attributes`) are compared but never shown.
public enum DomainSubset {
    public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
        /// Where, e.g. `devices/interface[2]/target@dev`.
        public var path: String
        public var wanted: String
        /// What libvirt has there, nil when it has nothing.
        public var found: String?

        public var description: String {
            "\(path): wanted \(wanted), libvirt has \(found ?? "nothing")"
        }
    }

    /// - Parameter ignoring: attribute names left out of the comparison (e.g. `passwd` when
    ///   `observed` was read without secrets).
    public static func mismatches(
        _ desired: DomainXMLElement, in observed: DomainXMLElement,
        ignoring: Set<String> = []
    ) -> [Mismatch] {
        var found: [Mismatch] = []
        compare(desired, observed, path: "", ignoring: ignoring, into: &found)
        return found
    }

    private static func compare(
        _ d: DomainXMLElement, _ o: DomainXMLElement, path: String, ignoring: Set<String>,
        into found: inout [Mismatch]
    ) {
        for attribute in d.attributes where !ignoring.contains(attribute.name) && !attribute.name.hasPrefix("xmlns") {
            let want = normalized(attribute.value, attribute: attribute.name, in: d)
            let have = o[attribute: attribute.name].map { normalized($0, attribute: attribute.name, in: o) }
            if want != have, !isMachineAlias(want, of: have, attribute: attribute.name, in: d) {
                let secret = Secrets.attributes.contains(attribute.name)
                found.append(
                    Mismatch(
                        path: "\(path)@\(attribute.name)", wanted: secret ? "(secret)" : quoted(attribute.value),
                        found: have.map { secret ? "(secret)" : quoted($0) }))
            }
        }
        let elements = d.elements
        if elements.isEmpty {
            let want = textValue(d)
            let have = textValue(o)
            if !want.isEmpty, want != have {
                found.append(
                    Mismatch(
                        path: path.isEmpty ? d.name : path, wanted: quoted(want),
                        found: have.isEmpty ? nil : quoted(have)))
            }
            return
        }
        var seen: [String: Int] = [:]
        var used = Set<Int>()
        let observedChildren = o.elements
        for child in elements where child.name != "metadata" {
            let position = seen[child.name, default: 0]
            seen[child.name] = position + 1
            let siblings = elements.filter { $0.name == child.name }.count
            let childPath = (path.isEmpty ? "" : path + "/") + child.name + (siblings > 1 ? "[\(position + 1)]" : "")
            guard let index = partner(for: child, position: position, among: observedChildren, used: used) else {
                found.append(Mismatch(path: childPath, wanted: summary(child), found: nil))
                continue
            }
            used.insert(index)
            compare(child, observedChildren[index], path: childPath, ignoring: ignoring, into: &found)
        }
    }

    /// The observed element a desired one stands for. Devices libvirt may reorder or add to
    /// (disks sorted by target, consoles it inserts, implicit inputs) pair by their identity;
    /// everything else pairs by order among same-named siblings.
    private static func partner(
        for desired: DomainXMLElement, position: Int, among observed: [DomainXMLElement],
        used: Set<Int>
    ) -> Int? {
        let candidates = observed.indices.filter { observed[$0].name == desired.name && !used.contains($0) }
        if let identity = identity(of: desired) {
            return candidates.first { identity(observed[$0]) }
        }
        let sameName = observed.indices.filter { observed[$0].name == desired.name }
        return position < sameName.count && !used.contains(sameName[position]) ? sameName[position] : nil
    }

    /// A test that recognises the same device in libvirt's read-back, or nil to pair by order.
    private static func identity(of d: DomainXMLElement) -> ((DomainXMLElement) -> Bool)? {
        func target(_ e: DomainXMLElement, _ attribute: String) -> String? { e.first("target")?[attribute: attribute] }
        switch d.name {
        case "disk":
            guard let dev = target(d, "dev") else { return nil }
            return { target($0, "dev") == dev }
        case "interface":
            guard let mac = d.first("mac")?[attribute: "address"]?.lowercased() else { return nil }
            return { $0.first("mac")?[attribute: "address"]?.lowercased() == mac }
        case "serial", "parallel", "channel", "console":
            guard let port = target(d, "port") else { return nil }
            let type = target(d, "type")
            return { target($0, "port") == port && (type == nil || target($0, "type") == type) }
        case "controller":
            guard let type = d[attribute: "type"], let index = d[attribute: "index"] else { return nil }
            return { $0[attribute: "type"] == type && $0[attribute: "index"] == index }
        case "input":
            guard let type = d[attribute: "type"] else { return nil }
            let bus = d[attribute: "bus"]
            return { $0[attribute: "type"] == type && (bus == nil || $0[attribute: "bus"] == bus) }
        case "graphics":
            guard let type = d[attribute: "type"] else { return nil }
            return { $0[attribute: "type"] == type }
        case "hostdev":
            let source = d.first("source")
            let key = [
                source?.first("vendor")?[attribute: "id"], source?.first("product")?[attribute: "id"],
                source?.first("address")?[attribute: "bus"], source?.first("address")?[attribute: "device"],
            ]
            guard key.contains(where: { $0 != nil }) else { return nil }
            return { observed in
                let s = observed.first("source")
                return [
                    s?.first("vendor")?[attribute: "id"], s?.first("product")?[attribute: "id"],
                    s?.first("address")?[attribute: "bus"], s?.first("address")?[attribute: "device"],
                ]
                .map { $0?.lowercased() } == key.map { $0?.lowercased() }
            }
        default:
            return nil
        }
    }

    /// libvirt stores memory in KiB whatever unit was given; compare in KiB.
    private static func textValue(_ element: DomainXMLElement) -> String {
        let text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["memory", "currentMemory", "maxMemory"].contains(element.name), let value = Double(text) else { return text }
        let factor = MemoryUnit.kibibytes(per: element[attribute: "unit"] ?? "KiB") ?? 1
        return String(Int((value * factor).rounded()))
    }

    private static func normalized(_ value: String, attribute: String, in element: DomainXMLElement) -> String {
        if attribute == "unit", ["memory", "currentMemory", "maxMemory"].contains(element.name) { return "KiB" }
        return attribute == "address" || attribute == "id" ? value.lowercased() : value
    }

    /// libvirt resolves machine aliases to the versioned type (`pc` → `pc-i440fx-7.2`, `q35` → `pc-q35-7.2`).
    private static func isMachineAlias(_ want: String, of have: String?, attribute: String, in element: DomainXMLElement) -> Bool {
        guard attribute == "machine", element.name == "type", let have else { return false }
        let expansions = ["pc": "pc-i440fx-", "q35": "pc-q35-"]
        return have.hasPrefix(expansions[want] ?? "\(want)-")
    }

    private static func quoted(_ text: String) -> String { "'\(text)'" }

    private static func summary(_ element: DomainXMLElement) -> String {
        let attributes = element.attributes.filter { !$0.name.hasPrefix("xmlns") }.map {
            "\($0.name)='\(Secrets.attributes.contains($0.name) ? "(secret)" : $0.value)'"
        }
        return "<" + ([element.name] + attributes).joined(separator: " ") + ">"
    }
}
