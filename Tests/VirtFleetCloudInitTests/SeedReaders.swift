import Foundation
import VirtFleetCloudInit
import VirtFleetTestSupport

/// Independent readers of a seed image: `isoinfo` (genisoimage's reader) and `xorriso`, both
/// installed by scripts/setup. A missing reader fails the test with that hint instead of skipping
/// it, so a machine without them cannot pass these tests by accident.
struct SeedReaders {
    /// The image, written to a file in the test's scratch folder.
    let image: String
    let directory: TemporaryDirectory

    init(image bytes: [UInt8], in directory: TemporaryDirectory) throws {
        self.directory = directory
        image = directory.path("seed.iso")
        try Data(bytes).write(to: URL(fileURLWithPath: image))
    }

    static func tool(_ name: String) throws -> String {
        for folder in ["/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin", "/sbin"]
        where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
            return "\(folder)/\(name)"
        }
        throw MissingReader(description: "\(name) not found: run scripts/setup (it installs genisoimage and xorriso)")
    }

    struct MissingReader: Error, CustomStringConvertible {
        let description: String
    }

    /// `isoinfo -d`: the volume descriptor summary.
    func describe() throws -> String {
        try ProcessRunner.run(try Self.tool("isoinfo"), ["-d", "-i", image]).checked().output
    }

    enum Names: String {
        case rockRidge = "-R"
        case joliet = "-J"
        /// The plain ISO 9660 level 1 names.
        case iso9660 = ""
    }

    struct Entry: Equatable, CustomStringConvertible {
        var name: String
        var size: Int
        /// isoinfo's permission column, e.g. `-r--r--r--`.
        var mode: String
        /// isoinfo's date, e.g. `Jan  1 1970`.
        var date: String

        var description: String { "\(mode) \(size) \(date) \(name)" }
    }

    /// `isoinfo -l`: the files of the root directory (no "." or ".."), in directory order.
    func list(_ names: Names) throws -> [Entry] {
        let arguments = (names == .iso9660 ? [] : [names.rawValue]) + ["-l", "-i", image]
        let output = try ProcessRunner.run(try Self.tool("isoinfo"), arguments).checked().output
        var entries: [Entry] = []
        for line in output.split(separator: "\n") where line.hasPrefix("-") || line.hasPrefix("d") {
            // "-r--r--r--   1    0    0              15 Jan  1 1970 [     31 00]  meta-data "
            guard let bracket = line.lastIndex(of: "]") else { throw UnexpectedOutput(description: "isoinfo line: \(line)") }
            let name = line[line.index(after: bracket)...].trimmingCharacters(in: .whitespaces)
            let columns = line[..<bracket].split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 9, let size = Int(columns[4]) else {
                throw UnexpectedOutput(description: "isoinfo line: \(line)")
            }
            if name == "." || name == ".." { continue }
            let date = columns[5] + " " + String(repeating: " ", count: columns[6].count == 1 ? 1 : 0) + columns[6] + " " + columns[7]
            entries.append(Entry(name: name, size: size, mode: String(columns[0]), date: String(date)))
        }
        return entries
    }

    /// `isoinfo -x PATH`: one file's bytes, through a file (never through a text decoder).
    func extract(_ path: String, names: Names) throws -> [UInt8] {
        let output = directory.path("extract-\(UUID().uuidString)")
        let flag = names == .iso9660 ? "" : names.rawValue
        try ProcessRunner.run(
            "/bin/sh", ["-c", "exec \"$1\" \(flag) -i \"$2\" -x \"$3\" > \"$4\"", "sh", try Self.tool("isoinfo"), image, path, output]
        ).checked()
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// `xorriso -osirrox on -extract / DIR`: the whole tree as a Rock Ridge reader sees it,
    /// name → (bytes, POSIX permissions).
    func extractAllWithXorriso() throws -> [String: (bytes: [UInt8], permissions: Int)] {
        let target = directory.path("xorriso-\(UUID().uuidString)")
        try ProcessRunner.run(
            try Self.tool("xorriso"), ["-abort_on", "WARNING", "-osirrox", "on", "-indev", image, "-extract", "/", target]
        ).checked()
        var files: [String: (bytes: [UInt8], permissions: Int)] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: target) {
            let path = "\(target)/\(name)"
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
            files[name] = ([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), permissions)
        }
        // xorriso keeps the read-only modes; let the scratch folder be removed afterwards.
        try ProcessRunner.run("/bin/chmod", ["-R", "u+w", target]).checked()
        return files
    }

    /// `xorriso -pvd_info`: the primary volume descriptor's fields, name → value.
    func primaryVolumeDescriptor() throws -> [String: String] {
        let result = try ProcessRunner.run(try Self.tool("xorriso"), ["-indev", image, "-pvd_info"]).checked()
        var fields: [String: String] = [:]
        for line in (result.output + "\n" + result.errors).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}

/// A deterministic byte pattern of `count` bytes (every byte value occurs, NUL included).
func pattern(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251 &+ Int(seed)) }
}
