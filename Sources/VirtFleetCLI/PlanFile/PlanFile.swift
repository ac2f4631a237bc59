import Foundation
import VirtFleetDiagnostics
import VirtFleetPlan

/// Saved plans (`plan --out FILE`, `apply FILE`): the plan as versioned JSON, written 0600
/// because the desired documents it carries may hold secrets.
public enum PlanFile {
    public static func write(_ plan: Plan, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(plan)
        let temporary = path + ".tmp-\(getpid())"
        // Opened 0600 from the start: the file is never readable by others, not even briefly.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard fd >= 0 else { throw Diagnostic("cannot write the plan file", at: .file(path)) }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == data.count else {
            unlink(temporary)
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
