import Foundation
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import Yams

/// The fleet's guests as an Ansible inventory, for the playbooks that configure them: Ansible's
/// dynamic-inventory JSON (`--list` with `_meta.hostvars`, and `--host NAME`) or a static YAML
/// inventory. Groups: each virtfleet group of the guest's hypervisor, `hypervisor_HOST` and
/// `template_NAME`, with names made valid for Ansible (letters, digits, `_`).
struct AnsibleInventoryView {
    /// One guest as Ansible sees it.
    struct Guest {
        var guest: DesiredGuest
        var groups: [String]
        /// What libvirt said now, when the hosts were asked (`--observe`).
        var observed: Observation?
    }

    struct Observation {
        var state: String?
        var addresses: [GuestAddress]
    }

    let guests: [Guest]

    init(guests: [DesiredGuest], inventory: Inventory, observed: [String: Observation]? = nil) {
        let groupsByHost = Dictionary(grouping: inventory.groups.flatMap { group in group.hosts.map { ($0, group.name) } }, by: \.0)
            .mapValues { $0.map(\.1) }
        self.guests = guests.map { guest in
            var groups = (groupsByHost[guest.host] ?? []).map(Self.groupName)
            groups.append(Self.groupName("hypervisor_" + guest.host))
            if !guest.template.isEmpty { groups.append(Self.groupName("template_" + guest.template)) }
            return Guest(guest: guest, groups: Array(Set(groups)).sorted(), observed: observed?[guest.name])
        }
    }

    /// A name Ansible accepts as a group: letters, digits and `_`, not starting with a digit.
    static func groupName(_ name: String) -> String {
        var result = String(
            String.UnicodeScalarView(
                name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? $0 : "_" }))
        if result.first.map({ $0.isNumber }) ?? true { result = "_" + result }
        return result
    }

    // MARK: Host variables

    /// A host variable's value.
    enum Value: Encodable, Equatable {
        case text(String)
        case list([String])
        case addresses([GuestAddress])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .list(let list): try container.encode(list)
            case .addresses(let addresses): try container.encode(addresses.map(AddressValue.init))
            }
        }
    }

    private struct AddressValue: Encodable, Equatable {
        var mac: String?
        var address: String
        var prefix: Int
        var family: String
        var source: String
        init(_ address: GuestAddress) {
            mac = address.mac
            self.address = address.address
            prefix = address.prefix
            family = address.isIPv6 ? "ipv6" : "ipv4"
            source = address.source.rawValue
        }
    }

    /// `ansible_host` (the first IPv4 address libvirt knows, else the first IPv6 one), then the
    /// `virtfleet_*` facts.
    func hostVariables(_ entry: Guest) -> [String: Value] {
        let guest = entry.guest
        var variables: [String: Value] = [
            "virtfleet_hypervisor": .text(guest.host),
            "virtfleet_uuid": .text(guest.uuid),
            "virtfleet_macs": .list(guest.macs),
            "virtfleet_state": .text(guest.state.rawValue),
        ]
        if !guest.template.isEmpty { variables["virtfleet_template"] = .text(guest.template) }
        if let observed = entry.observed {
            variables["virtfleet_observed_state"] = .text(observed.state ?? "missing")
            variables["virtfleet_addresses"] = .addresses(observed.addresses)
            let first = observed.addresses.first { !$0.isIPv6 } ?? observed.addresses.first
            if let first { variables["ansible_host"] = .text(first.address) }
        }
        return variables
    }

    // MARK: Documents

    /// `--list`: every group with its hosts, `all` with its children, and `_meta.hostvars`, so
    /// Ansible never calls `--host` once per guest.
    func list() -> String {
        var document: [String: ListEntry] = [:]
        var members: [String: [String]] = [:]
        for entry in guests {
            for group in entry.groups { members[group, default: []].append(entry.guest.name) }
        }
        for (group, hosts) in members { document[group] = .group(hosts.sorted()) }
        document["all"] = .all(children: (members.keys.sorted() + ["ungrouped"]))
        document["ungrouped"] = .group([])
        document["_meta"] = .meta(Dictionary(uniqueKeysWithValues: guests.map { ($0.guest.name, hostVariables($0)) }))
        return JSONOutput.text(document, snakeCase: false)
    }

    /// `--host NAME`: that guest's variables, `{}` for a name the fleet does not have (as Ansible expects).
    func host(_ name: String) -> String {
        JSONOutput.text(guests.first { $0.guest.name == name }.map(hostVariables) ?? [:], snakeCase: false)
    }

    /// A static YAML inventory: `all.hosts` with each guest's variables, `all.children` with the groups.
    func yaml() throws -> String {
        var children: [String: StaticGroup] = [:]
        for entry in guests {
            for group in entry.groups { children[group, default: StaticGroup()].hosts.updateValue(nil, forKey: entry.guest.name) }
        }
        let all = StaticAll(
            hosts: Dictionary(uniqueKeysWithValues: guests.map { ($0.guest.name, hostVariables($0)) }), children: children)
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        return try encoder.encode(["all": all])
    }

    private enum ListEntry: Encodable {
        case group([String])
        case all(children: [String])
        case meta([String: [String: Value]])

        private enum Keys: String, CodingKey { case hosts, children, hostvars }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .group(let hosts): try container.encode(hosts, forKey: .hosts)
            case .all(let children): try container.encode(children, forKey: .children)
            case .meta(let variables): try container.encode(variables, forKey: .hostvars)
            }
        }
    }

    private struct StaticAll: Encodable {
        var hosts: [String: [String: Value]]
        var children: [String: StaticGroup]
    }

    private struct StaticGroup: Encodable {
        /// Each member with no variables of its own (`name:` with an empty value in YAML).
        var hosts: [String: String?] = [:]
    }
}
