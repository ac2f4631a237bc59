/// The read-back check: compares what virtfleet asked for with what libvirt holds, by libvirt's
/// meaning rather than its spelling. Every element, attribute and text of `desired` must be in
/// `observed`; whatever libvirt added (addresses, controllers, defaults) is ignored. Values
/// libvirt only respells (`ReadbackRules`: numbers in another base, sizes in another unit,
/// nodesets, defaults it omits, runtime-only attributes) count as kept. Repeated elements pair
/// by identity (`DeviceIdentity`), then by best match, so libvirt's reordering is not a loss;
/// elements match by namespace URI, not prefix.
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
        var walk = Walk(ignoring: ignoring, facts: DomainFacts(desired: desired, observed: observed))
        walk.compare(desired, observed, at: Place(path: "", parent: nil, desired: Namespaces(), observed: Namespaces()))
        return walk.found
    }

    /// Where the walk is: the path shown to users, the parent element's name, and the namespace
    /// declarations in scope on each side (elements match by namespace URI, not by prefix).
    struct Place {
        var path: String
        var parent: String?
        var desired: Namespaces
        var observed: Namespaces
    }

    /// Whole-domain facts some rules depend on.
    struct DomainFacts {
        /// What libvirt computes `<memory>` to be (KiB) from NUMA cells and memory devices, if any.
        var memoryFromNUMA: Double?
        /// libvirt's `<memory>`, in bytes.
        var observedMemory: Double?
        /// `<numatune><memory placement='auto'>`: libvirt then places the vCPUs automatically too.
        var automaticPlacement: Bool

        init(desired: DomainXMLElement, observed: DomainXMLElement) {
            memoryFromNUMA = MemoryLayout.kibibytesFromNUMA(desired)
            observedMemory = observed.first("memory").flatMap {
                ReadbackRules.bytes($0.text, unit: $0[attribute: "unit"], default: "KiB")
            }
            automaticPlacement = desired.first("numatune")?.first("memory")?[attribute: "placement"] == "auto"
        }
    }

    struct Walk {
        let ignoring: Set<String>
        let facts: DomainFacts
        var found: [Mismatch] = []

        mutating func compare(_ d: DomainXMLElement, _ o: DomainXMLElement, at place: Place) {
            if d.name == "cputune", place.parent == "domain" {
                // libvirt keeps one <vcpusched>/<iothreadsched> per vCPU or I/O thread.
                return compareChildren(ReadbackRules.splitSchedulers(d), ReadbackRules.splitSchedulers(o), at: place)
            }
            compareChildren(d, o, at: place)
        }

        private mutating func compareChildren(_ d: DomainXMLElement, _ o: DomainXMLElement, at place: Place) {
            compareAttributes(d, o, at: place)
            let elements = d.elements
            if elements.isEmpty {
                compareText(d, o, at: place)
                return
            }
            let desiredScope = place.desired.entering(d)
            let observedScope = place.observed.entering(o)
            let wanted = elements.filter { $0.name != "metadata" }
            let observedChildren = o.elements
            let pairs = pairing(wanted, with: observedChildren, desiredScope, observedScope, path: place.path, parent: d.name)
            var seen: [String: Int] = [:]
            for (index, child) in wanted.enumerated() {
                let position = seen[child.name, default: 0]
                seen[child.name] = position + 1
                let siblings = wanted.filter { $0.name == child.name }.count
                let childPath = (place.path.isEmpty ? "" : place.path + "/") + child.name + (siblings > 1 ? "[\(position + 1)]" : "")
                guard let partner = pairs[index] else {
                    if !ReadbackRules.isOmittable(child, parent: d.name) {
                        found.append(Mismatch(path: childPath, wanted: DomainSubset.summary(child), found: nil))
                    }
                    continue
                }
                let childPlace = Place(path: childPath, parent: d.name, desired: desiredScope, observed: observedScope)
                compare(child, observedChildren[partner], at: childPlace)
            }
        }

        private mutating func compareAttributes(_ d: DomainXMLElement, _ o: DomainXMLElement, at place: Place) {
            for attribute in d.attributes where !ignoring.contains(attribute.name) && !attribute.name.hasPrefix("xmlns") {
                if ReadbackRules.isRuntimeOnly(attribute, of: d, parent: place.parent)
                    || ReadbackRules.isNormalizedUnit(attribute.name, of: d)
                {
                    continue
                }
                let have = o[attribute: attribute.name]
                if let have {
                    if d.name == "vcpu", attribute.name == "placement", attribute.value == "static", have == "auto",
                        facts.automaticPlacement
                    {
                        continue
                    }
                    if ReadbackRules.sameAttribute(
                        attribute.name, want: attribute.value, have: have, in: d, observed: o, parent: place.parent)
                    {
                        continue
                    }
                } else if ReadbackRules.isOmittedDefault(attribute, of: d, parent: place.parent) {
                    continue
                }
                let secret = Secrets.attributes.contains(attribute.name)
                found.append(
                    Mismatch(
                        path: "\(place.path)@\(attribute.name)", wanted: secret ? "(secret)" : DomainSubset.quoted(attribute.value),
                        found: have.map { secret ? "(secret)" : DomainSubset.quoted($0) }))
            }
        }

        private mutating func compareText(_ d: DomainXMLElement, _ o: DomainXMLElement, at place: Place) {
            let want = d.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let have = o.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !want.isEmpty, !ReadbackRules.sameText(want, have, of: d, observed: o) else { return }
            if place.parent == "domain", let stored = ReadbackRules.bytes(have, unit: o[attribute: "unit"], default: "KiB") {
                // libvirt sets <memory> to what the NUMA cells and memory devices add up to, and
                // lowers <currentMemory> to <memory>.
                if d.name == "memory", let numa = facts.memoryFromNUMA, stored == numa * 1024 { return }
                if d.name == "currentMemory", stored == facts.observedMemory,
                    let asked = ReadbackRules.bytes(want, unit: d[attribute: "unit"], default: "KiB"), asked > stored
                {
                    return
                }
            }
            found.append(
                Mismatch(
                    path: place.path.isEmpty ? d.name : place.path, wanted: DomainSubset.quoted(want),
                    found: have.isEmpty ? nil : DomainSubset.quoted(have)))
        }

        /// For each wanted child, the index of its counterpart among `observed`, or nil. Children
        /// with an identity (`DeviceIdentity`) pair first, among the elements with that identity;
        /// then the rest. Each takes the unused candidate that differs from it least, trying
        /// libvirt's position among same-named siblings first.
        private func pairing(
            _ wanted: [DomainXMLElement], with observed: [DomainXMLElement], _ desiredScope: Namespaces,
            _ observedScope: Namespaces, path: String, parent: String
        ) -> [Int?] {
            let observedNames = observed.map { observedScope.entering($0).qualified($0.name) }
            let wantedNames = wanted.map { desiredScope.entering($0).qualified($0.name) }
            let matchers = wanted.map(DeviceIdentity.matcher(for:))
            var positions: [Int] = []
            var counts: [String: Int] = [:]
            for name in wantedNames {
                positions.append(counts[name, default: 0])
                counts[name, default: 0] += 1
            }
            var pairs = [Int?](repeating: nil, count: wanted.count)
            var used = Set<Int>()
            let place = Place(path: path, parent: parent, desired: desiredScope, observed: observedScope)
            let order = wanted.indices.filter { matchers[$0] != nil } + wanted.indices.filter { matchers[$0] == nil }
            for index in order {
                let sameNamed = observed.indices.filter { observedNames[$0] == wantedNames[index] }
                var candidates = sameNamed.filter { !used.contains($0) }
                if let matches = matchers[index] { candidates = candidates.filter { matches(observed[$0]) } }
                if positions[index] < sameNamed.count, let at = candidates.firstIndex(of: sameNamed[positions[index]]) {
                    candidates.swapAt(0, at)
                }
                var best: (index: Int, cost: Int)?
                for candidate in candidates {
                    var trial = Walk(ignoring: ignoring, facts: facts)
                    trial.compare(wanted[index], observed[candidate], at: place)
                    if best.map({ trial.found.count < $0.cost }) ?? true { best = (candidate, trial.found.count) }
                    if best?.cost == 0 { break }
                }
                if let best {
                    pairs[index] = best.index
                    used.insert(best.index)
                }
            }
            return pairs
        }
    }

    /// What libvirt will store as `<memory>` (KiB) when the domain has NUMA cells: their sum plus
    /// every memory device. Nil without cells.
    enum MemoryLayout {
        static func kibibytesFromNUMA(_ domain: DomainXMLElement) -> Double? {
            let cells = domain.first("cpu")?.first("numa")?.elements(named: "cell") ?? []
            guard !cells.isEmpty else { return nil }
            var total = 0.0
            for cell in cells {
                guard let memory = cell[attribute: "memory"],
                    let size = ReadbackRules.bytes(memory, unit: cell[attribute: "unit"], default: "KiB")
                else { return nil }
                total += (size / 1024).rounded(.up)
            }
            for device in domain.first("devices")?.elements(named: "memory") ?? [] {
                guard let size = device.first("target")?.first("size"),
                    let value = ReadbackRules.bytes(size.text, unit: size[attribute: "unit"], default: "KiB")
                else { continue }
                total += (value / 1024).rounded(.up)
            }
            return total
        }
    }

    static func quoted(_ text: String) -> String { "'\(text)'" }

    static func summary(_ element: DomainXMLElement) -> String {
        let attributes = element.attributes.filter { !$0.name.hasPrefix("xmlns") }.map {
            "\($0.name)='\(Secrets.attributes.contains($0.name) ? "(secret)" : $0.value)'"
        }
        return "<" + ([element.name] + attributes).joined(separator: " ") + ">"
    }
}
