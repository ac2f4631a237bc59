import Foundation

/// A fleet of its own for one acceptance test: a unique fleet id and guest prefix, a small
/// template, and the testbed's hosts. `cleanUp()` applies an empty fleet, deleting its guests.
struct ScratchFleet {
    let id: String
    let folder: URL

    init(_ label: String) throws {
        let suffix = UUID().uuidString.prefix(6).lowercased()
        id = "acc-\(label)-\(suffix)"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try write("templates/small.yaml", """
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
    func name(_ base: String) -> String { "\(id)-\(base)" }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    /// Writes the fleet file with these `guests:` entries (YAML list items).
    func declare(_ guests: String) throws {
        try write("fleet.yaml", "fleet: \(id)\ntemplates: templates\nguests:\n" + guests)
    }

    var inventory: [String] { ["-i", folder.appendingPathComponent("fleet.yaml").path, "-i", Testbed.hostsFile] }

    func plan(_ extra: [String] = []) throws -> Testbed.Result {
        try Testbed.virtfleet(["plan"] + inventory + extra)
    }

    func apply(_ extra: [String] = [], onLine: (@Sendable (String) -> Void)? = nil) throws -> Testbed.Result {
        try Testbed.virtfleet(["apply"] + inventory + ["--auto-approve", "--shutdown-timeout", "2"] + extra, onLine: onLine)
    }

    /// Entries of `plan --json` as (guest, action) pairs, sorted.
    func planned() throws -> [String: String] {
        let result = try plan(["--json"])
        guard let data = result.output.data(using: .utf8),
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let hosts = json["hosts"] as? [[String: Any]] else {
            throw Testbed.Failure(description: "plan --json gave no JSON: \(result.output) \(result.errors)")
        }
        var entries: [String: String] = [:]
        for host in hosts {
            for entry in host["entries"] as? [[String: Any]] ?? [] {
                entries[entry["guest"] as? String ?? "?"] = entry["action"] as? String
            }
        }
        return entries
    }

    func cleanUp() {
        try? write("fleet.yaml", "fleet: \(id)\ntemplates: templates\n")
        _ = try? apply()
    }
}
