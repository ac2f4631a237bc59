import Foundation
import VirtFleetHypervisor
import VirtFleetPlan

/// `virtfleet hosts`: one line per host for people, or a JSON document for machines.
enum HostsView {
    static func human(_ reports: [HostReport], fleet: String) -> String {
        var rows: [[String]] = [["HOST", "STATUS", "LIBVIRT", "HYPERVISOR", "CPUS", "MEMORY", "DOMAINS (MANAGED/OTHER)"]]
        var unreachable: [String] = []
        for report in reports {
            switch report.outcome {
            case .observed(let o):
                let managed = o.managed(by: fleet).count
                rows.append([
                    report.host, "reachable", o.libvirtVersion, "\(o.hypervisorType) \(o.hypervisorVersion)",
                    String(o.cpus), ByteCount.format(kib: o.memoryKiB),
                    "\(o.domains.count) (\(managed)/\(o.domains.count - managed))",
                ])
            case .unreachable(let error):
                rows.append([report.host, "UNREACHABLE", "-", "-", "-", "-", "-"])
                unreachable.append("\(Printable.text(report.host)): \(Printable.line(error.message))")
            }
        }
        var text = Table.render(rows)
        for line in unreachable { text += "  ! \(line)\n" }
        return text
    }

    struct Entry: Codable {
        var host: String
        var reachable: Bool
        var error: String?
        var hostname: String?
        var libvirtVersion: String?
        var hypervisor: String?
        var hypervisorVersion: String?
        var cpus: Int?
        var memoryKib: UInt64?
        var domains: Int?
        var managedDomains: Int?
        var unmanagedDomains: Int?
    }

    static func json(_ reports: [HostReport], fleet: String) -> String {
        let entries = reports.map { report -> Entry in
            switch report.outcome {
            case .observed(let o):
                let managed = o.managed(by: fleet).count
                return Entry(
                    host: report.host, reachable: true, hostname: o.hostname, libvirtVersion: o.libvirtVersion,
                    hypervisor: o.hypervisorType, hypervisorVersion: o.hypervisorVersion, cpus: o.cpus,
                    memoryKib: o.memoryKiB, domains: o.domains.count, managedDomains: managed,
                    unmanagedDomains: o.domains.count - managed)
            case .unreachable(let error):
                return Entry(host: report.host, reachable: false, error: error.message)
            }
        }
        return JSONDocument.encode(["formatVersion": .version, "fleet": .string(fleet)], entries: entries, key: "hosts")
    }
}

/// Column-aligned plain text.
/// Every cell is escaped and at most 60 characters wide (`Printable.column`), so data can neither
/// act on the terminal nor widen every line.
enum Table {
    static func render(_ cells: [[String]]) -> String {
        let rows = cells.map { $0.map { Printable.column($0, limit: 60) } }
        guard let width = rows.map(\.count).max() else { return "" }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

enum ByteCount {
    static func format(kib: UInt64) -> String {
        let gib = Double(kib) / 1024 / 1024
        return gib >= 1 ? String(format: "%.1f GiB", gib) : String(format: "%.0f MiB", Double(kib) / 1024)
    }
}

/// JSON output: a versioned envelope with sorted keys, so pipelines can diff and parse it.
enum JSONDocument {
    enum Field: Encodable {
        case string(String)
        case version

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let s): try container.encode(s)
            case .version: try container.encode(1)
            }
        }
    }

    static func encode<E: Encodable>(_ header: [String: Field], entries: [E], key: String) -> String {
        JSONOutput.text(Envelope(header: header, entries: entries, key: key))
    }

    /// The header fields and the list of entries under `key`, as one JSON object.
    struct Envelope<E: Encodable>: Encodable {
        var header: [String: Field]
        var entries: [E]
        var key: String

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (name, value) in header { try container.encode(value, forKey: Key(stringValue: name)) }
            try container.encode(entries, forKey: Key(stringValue: key))
        }
    }
}
