import Foundation
import VirtFleetDiagnostics

/// Saved plans (`plan --out FILE`, `apply FILE`): the plan as versioned JSON, written 0600
/// because the desired documents it carries may hold secrets.
public enum PlanFile {
    public static func write(_ plan: Plan, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(plan)
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Diagnostic("cannot write the plan file", at: .file(path))
        }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw Diagnostic("cannot write the plan file", at: .file(path))
        }
    }

    public static func read(_ path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("cannot read the plan file", at: .file(path))
        }
        struct Version: Decodable { var formatVersion: Int? }
        let version = (try? JSONDecoder().decode(Version.self, from: data))?.formatVersion
        guard version == Plan.formatVersion else {
            throw Diagnostic("not a virtfleet plan file of format \(Plan.formatVersion) (found \(version.map(String.init) ?? "none"))",
                             at: .file(path), hint: "make the plan again with this virtfleet version")
        }
        do {
            return try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw Diagnostic("the plan file is damaged: \(error)", at: .file(path))
        }
    }
}
