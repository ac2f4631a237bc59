import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetPlan

/// Saved plans (`plan --out FILE`, `apply FILE`): the plan as versioned JSON, written 0600
/// because the desired documents it carries may hold secrets. A saved plan is also
/// integrity-critical: `write` returns the file's SHA-256 so a pipeline can pin it, and `read`
/// checks it when given.
enum PlanFile {
    /// Version 3: pools, networks and images per host, volumes and seeds per guest, and the
    /// observation scope (version 2: typed entries; 1: reasons in words).
    static let formatVersion = 3

    private struct Saved: Codable {
        var formatVersion: Int
        var plan: Plan
    }

    /// Returns the SHA-256 of the bytes written, as hex.
    @discardableResult
    static func write(_ plan: Plan, to path: String) throws -> String {
        let data = try JSONOutput.encoder(snakeCase: false).encode(Saved(formatVersion: formatVersion, plan: plan))
        let temporary = path + ".tmp-\(getpid())"
        let failure = { (what: String) in
            Diagnostic("cannot write the plan file: \(what): \(String(cString: strerror(errno)))", at: .file(path))
        }
        // Opened 0600 from the start: the file is never readable by others, not even briefly.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var rest = data[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                let error = failure("write failed")
                close(fd)
                unlink(temporary)
                throw error
            }
            rest = rest.dropFirst(written)
        }
        guard fsync(fd) == 0, close(fd) == 0 else {
            let error = failure("write failed")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary)")
            unlink(temporary)
            throw error
        }
        return Digests.sha256Hex(bytes: Array(data))
    }

    /// - Parameter sha256: when given, the file must have exactly this SHA-256 (hex, any case).
    static func read(_ path: String, sha256: String? = nil) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("cannot read the plan file", at: .file(path))
        }
        if let expected = sha256?.lowercased() {
            let actual = Digests.sha256Hex(bytes: Array(data))
            guard actual == expected else {
                throw Diagnostic(
                    "the plan file's SHA-256 is \(actual), not the expected \(expected): it is not the plan that was made",
                    at: .file(path), hint: "apply only the plan file your pipeline pinned; make the plan again")
            }
        }
        struct Version: Decodable { var formatVersion: Int? }
        guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
            throw Diagnostic(
                "not a virtfleet plan file: it is not complete JSON (truncated or another kind of file)",
                at: .file(path), hint: "make the plan again with 'virtfleet plan --out FILE'")
        }
        guard version.formatVersion == formatVersion else {
            throw Diagnostic(
                "not a virtfleet plan file of format \(formatVersion) (found \(version.formatVersion.map(String.init) ?? "none"))",
                at: .file(path), hint: "make the plan again with this virtfleet version")
        }
        do {
            return try JSONDecoder().decode(Saved.self, from: data).plan
        } catch {
            throw Diagnostic(
                "the plan file is damaged: \(Self.describe(error))", at: .file(path),
                hint: "make the plan again; never edit a saved plan by hand")
        }
    }

    /// A decoding error in plain words: what is wrong and where in the document.
    private static func describe(_ error: any Error) -> String {
        let place = { (path: [any CodingKey]) in
            path.isEmpty ? "at the top" : "at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "'\(key.stringValue)' is missing \(place(context.codingPath))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?: return "a wrong value \(place(context.codingPath))"
        case .dataCorrupted(let context)?: return "unreadable \(place(context.codingPath))"
        default: return "unreadable"
        }
    }
}
