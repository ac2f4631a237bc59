import VirtFleetHypervisor
import VirtFleetPlan

/// `virtfleet inspect`: the domains on each host, for people or as JSON (with inactive XML).
enum InspectView {
    static func human(_ reports: [HostReport], fleet: String) -> String {
        var text = ""
        for report in reports {
            switch report.outcome {
            case .unreachable(let error):
                text += "\(Printable.text(report.host)): UNREACHABLE — \(Printable.line(error.message))\n\n"
            case .observed(let o):
                text +=
                    "\(Printable.text(report.host)) (\(Printable.text(o.hostname)), libvirt \(Printable.text(o.libvirtVersion)), \(o.domains.count) domains)\n"
                guard !o.domains.isEmpty else {
                    text += "  (no domains)\n\n"
                    continue
                }
                var rows = [["  NAME", "STATE", "UUID", "OWNER"]]
                for domain in o.domains {
                    let owner = domain.owner.map { $0.fleet == fleet ? "managed (\($0.guest))" : "fleet \($0.fleet)" } ?? "unmanaged"
                    rows.append(["  " + domain.name, domain.state.rawValue, domain.uuid, owner])
                }
                text += Table.render(rows) + "\n"
            }
        }
        return text
    }

    struct Entry: Encodable {
        var host: String
        var reachable: Bool
        var error: String?
        var hostname: String?
        var domains: [Domain]?

        struct Domain: Encodable {
            var name: String
            var uuid: String
            var state: String
            var managed: Bool
            var owner: ObservedDomain.Owner?
            var inactiveXml: String
        }
    }

    static func json(_ reports: [HostReport], fleet: String) -> String {
        let entries = reports.map { report -> Entry in
            switch report.outcome {
            case .unreachable(let error):
                return Entry(host: report.host, reachable: false, error: error.message)
            case .observed(let o):
                return Entry(
                    host: report.host, reachable: true, hostname: o.hostname,
                    domains: o.domains.map {
                        .init(
                            name: $0.name, uuid: $0.uuid, state: $0.state.rawValue, managed: $0.owner?.fleet == fleet,
                            owner: $0.owner, inactiveXml: $0.inactiveXML)
                    })
            }
        }
        return JSONDocument.encode(["formatVersion": .version, "fleet": .string(fleet)], entries: entries, key: "hosts")
    }
}
