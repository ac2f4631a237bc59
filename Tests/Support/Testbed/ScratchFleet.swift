import Foundation

/// A fleet of its own for one acceptance test: a unique fleet id and guest prefix, a small
/// template, and the testbed's hosts. `cleanUp()` applies an empty fleet, deleting its guests,
/// and removes the folder.
public struct ScratchFleet: Sendable {
    public let id: String
    public let folder: URL

    public init(_ label: String) throws {
        try Testbed.requireUp()
        let suffix = UUID().uuidString.prefix(6).lowercased()
        id = "acc-\(label)-\(suffix)"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try write(
            "templates/small.yaml",
            """
            type: "{{ domain_type | default('qemu') }}"
            memory: "{{ mem | default('64MiB') }}"
            vcpu: 1
            os: { type: hvm, arch: x86_64, boot: [hd] }
            features: [acpi]
            interfaces:
              - { type: user, model: e1000 }
            serials:
              - { type: pty, port: 0 }
            """)
    }

    /// A guest name unique to this fleet.
    public func name(_ base: String) -> String { "\(id)-\(base)" }

    public func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    /// Writes the fleet file with these `guests:` entries (YAML list items).
    public func declare(_ guests: String) throws {
        try write("fleet.yaml", "fleet: \(id)\ntemplates: templates\nguests:\n" + guests)
    }

    public var inventory: [String] { ["-i", folder.appendingPathComponent("fleet.yaml").path, "-i", Testbed.hostsFile] }

    public func plan(_ extra: [String] = []) throws -> ProcessResult {
        try Testbed.virtfleet(["plan"] + inventory + extra)
    }

    /// `apply --auto-approve`. Once more when it was refused as stale: a guest the previous suite
    /// left (another fleet's, on the same host) may still be settling between this apply's plan
    /// and its lock, and the staleness check rightly counts any change on the host.
    public func apply(_ extra: [String] = [], onLine: (@Sendable (String) -> Void)? = nil) throws -> ProcessResult {
        let arguments = ["apply"] + inventory + ["--auto-approve", "--shutdown-timeout", "2"] + extra
        let first = try Testbed.virtfleet(arguments, onLine: onLine)
        guard first.status != 0, first.output.contains("the plan is stale") || first.errors.contains("the plan is stale") else {
            return first
        }
        return try Testbed.virtfleet(arguments, onLine: onLine)
    }

    /// Entries of `plan --json` as guest → action.
    public func planned() throws -> [String: String] {
        let result = try plan(["--json"])
        guard let data = result.output.data(using: .utf8),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let hosts = json["hosts"] as? [[String: Any]]
        else {
            throw UnexpectedOutput(description: "plan --json gave no JSON: \(result.output) \(result.errors)")
        }
        var entries: [String: String] = [:]
        for host in hosts {
            for entry in host["entries"] as? [[String: Any]] ?? [] {
                entries[entry["guest"] as? String ?? "?"] = entry["action"] as? String
            }
        }
        return entries
    }

    public func cleanUp() {
        try? write("fleet.yaml", "fleet: \(id)\ntemplates: templates\n")
        _ = try? apply()
        try? FileManager.default.removeItem(at: folder)
    }
}
