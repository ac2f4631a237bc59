import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor

/// A declared network against libvirt's read-back of it. libvirt adds to what it was given (a
/// UUID, a MAC, the bridge's STP and delay, NAT port ranges, …), so the inventory's document is
/// checked as a subset (`DomainSubset`, libvirt's meaning rather than its spelling): what libvirt
/// adds never shows as a change, and there is no perpetual diff. What a subset cannot see is
/// checked on its own: static DHCP hosts as a set both ways (one removed from the inventory is a
/// change), and a `<forward>`, `<ip>`, `<dhcp>` or range libvirt still has that the inventory no
/// longer declares.
enum NetworkComparison {
    struct Result: Equatable {
        var differences: [NetworkDifference] = []
        /// Live edits for the DHCP host changes: deletes first, then adds.
        var dhcpEdits: [DHCPHostEdit] = []
        /// The bridge libvirt named in its read-back, if any.
        var bridge: String?

        /// Only static DHCP hosts differ: a running network takes them live.
        var onlyDHCPHosts: Bool {
            !differences.isEmpty
                && differences.allSatisfy {
                    switch $0 {
                    case .dhcpHostAdded, .dhcpHostRemoved: true
                    default: false
                    }
                }
        }
    }

    /// Elements libvirt keeps only when asked: having more of them than the inventory declares is a change.
    private static let counted: [[String]] = [["forward"], ["ip"], ["ip", "dhcp"], ["ip", "dhcp", "range"]]

    static func compare(desired xml: String, observed: ObservedNetwork) -> Result {
        guard let wanted = try? LibXMLParser.parse(xml, file: "network"),
            let found = try? LibXMLParser.parse(observed.xml, file: observed.name)
        else {
            return Result(differences: [.value(path: "", wanted: "the inventory's definition", found: nil)])
        }
        var result = Result(bridge: found.first("bridge")?[attribute: "name"])
        let wantedHosts = dhcpHosts(wanted)
        let foundHosts = dhcpHosts(found)
        let removed = foundHosts.filter { host in !wantedHosts.contains { same($0, host) } }
        let added = wantedHosts.filter { host in !foundHosts.contains { same($0, host) } }
        var desired = withoutDHCPHosts(wanted)
        desired.children.removeAll { if case .element(let e) = $0 { e.name == "uuid" } else { false } }
        result.differences = DomainSubset.mismatches(desired, in: withoutDHCPHosts(found)).map {
            .value(path: $0.path, wanted: $0.wanted, found: $0.found)
        }
        for path in counted {
            let extra = elements(at: path, in: found).count - elements(at: path, in: wanted).count
            guard extra > 0, let last = elements(at: path, in: found).last else { continue }
            result.differences.append(.extra(path: path.joined(separator: "/"), found: summary(last)))
        }
        result.differences += removed.map { .dhcpHostRemoved($0.host) } + added.map { .dhcpHostAdded($0.host) }
        result.dhcpEdits =
            removed.map { DHCPHostEdit(change: .delete, host: $0.host, xml: XMLWriter.string(from: $0.element)) }
            + added.map { DHCPHostEdit(change: .add, host: $0.host, xml: XMLWriter.string(from: $0.element)) }
        return result
    }

    /// The document to redefine: the inventory's, with the UUID libvirt already has (libvirt
    /// refuses a network of the same name with another UUID).
    static func keepingUUID(_ xml: String, uuid: String) -> String {
        guard var root = try? LibXMLParser.parse(xml, file: "network") else { return xml }
        if !root.modifyChild("uuid", { $0.children = [.text(uuid)] }) {
            let at = root.childIndex("name").map { $0 + 1 } ?? 0
            root.children.insert(.element(DomainXMLElement("uuid", text: uuid)), at: at)
        }
        return XMLWriter.string(from: root)
    }

    /// `<name attr='value' …>`, as the domain comparison shows an element.
    private static func summary(_ element: DomainXMLElement) -> String {
        "<" + ([element.name] + element.attributes.map { "\($0.name)='\($0.value)'" }).joined(separator: " ") + ">"
    }

    private struct Host {
        var host: DHCPHost
        var element: DomainXMLElement
    }

    private static func same(_ a: Host, _ b: Host) -> Bool {
        a.host.mac.lowercased() == b.host.mac.lowercased() && a.host.name == b.host.name && a.host.ip == b.host.ip
    }

    private static func dhcpHosts(_ network: DomainXMLElement) -> [Host] {
        elements(at: ["ip", "dhcp", "host"], in: network).map { element in
            Host(
                host: DHCPHost(
                    mac: element[attribute: "mac"] ?? "", name: element[attribute: "name"] ?? "", ip: element[attribute: "ip"] ?? ""),
                element: element)
        }
    }

    private static func withoutDHCPHosts(_ network: DomainXMLElement) -> DomainXMLElement {
        var copy = network
        for index in copy.children.indices {
            guard case .element(var ip) = copy.children[index], ip.name == "ip" else { continue }
            ip.modifyChild("dhcp") { dhcp in
                dhcp.children.removeAll { if case .element(let e) = $0 { e.name == "host" } else { false } }
            }
            copy.children[index] = .element(ip)
        }
        return copy
    }

    private static func elements(at path: [String], in root: DomainXMLElement) -> [DomainXMLElement] {
        var level = [root]
        for name in path { level = level.flatMap { $0.elements(named: name) } }
        return level
    }
}
