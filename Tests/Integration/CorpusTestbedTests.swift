import Foundation
import Testing
import VirtFleetTestSupport

/// Issue 9's acceptance: "apply, then plan: no changes" on domain XML nobody in this project wrote.
/// Every document of a corpus folder and its subfolders (`Tests/Integration/Corpus/`, or the
/// folder `VIRTFLEET_CORPUS_DIR` names) becomes a raw XML template and one stopped guest on the testbed
/// host hv4, which no other suite uses. The real CLI then applies, plans, applies again, plans,
/// and plans once more after hv4's libvirt daemon restarted. Each stage must find every guest
/// clean; the test prints the counts per stage and, for each guest that is not, its source
/// document and what the plan or apply said.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct CorpusTestbedTests {
    @Test func everyDocumentIsDefinedAndPlansNoChangesAfterApplyReapplyAndADaemonRestart() throws {
        var corpus = try CorpusRun()
        defer { corpus.cleanUp() }
        let count = corpus.documents.count
        #expect(count > 0, "no *.xml documents in \(corpus.source.path)")
        try corpus.setAsideWhatValidateRefuses()

        let apply = try corpus.virtfleet(["apply", "--auto-approve"])
        let defined = try corpus.definedGuests()
        let afterApply = try corpus.stage("clean after apply", apply: apply)
        let reapply = try corpus.virtfleet(["apply", "--auto-approve"])
        let afterReapply = try corpus.stage("clean after re-apply", apply: reapply)
        let daemonBefore = try corpus.daemonPID()
        try corpus.stopDaemon()
        let afterRestart = try corpus.stage("clean after restart", apply: nil)
        let daemonAfter = try corpus.daemonPID()

        print(
            "corpus: \(count) documents — defined \(defined.count), clean after apply \(afterApply.clean)/\(count), "
                + "clean after re-apply \(afterReapply.clean)/\(count), clean after restart \(afterRestart.clean)/\(count)")
        if !corpus.refused.isEmpty {
            print("corpus: refused by virtfleet validate (\(corpus.refused.count)):")
            for guest in corpus.guests where corpus.refused[guest.name] != nil {
                print("  \(guest.name) (\(guest.file)):")
                for line in corpus.refused[guest.name] ?? [] { print("      validate: \(line)") }
            }
        }
        let undefined = corpus.active.filter { !defined.contains($0.name) }
        if !undefined.isEmpty {
            print("corpus: not defined (\(undefined.count)):")
            for guest in undefined {
                print("  \(guest.name) (\(guest.file)):")
                for line in corpus.lines(about: guest, in: apply) { print("      apply: \(line)") }
            }
        }
        for stage in [afterApply, afterReapply, afterRestart] { stage.printFindings() }

        #expect(daemonAfter != nil && daemonAfter != daemonBefore, "hv4's libvirt daemon did not restart")
        #expect(defined.count == count, "\(count - defined.count) of \(count) documents were not defined")
        #expect(afterApply.clean == count, "\(count - afterApply.clean) of \(count) guests not clean after apply")
        #expect(afterReapply.clean == count, "\(count - afterReapply.clean) of \(count) guests not clean after re-apply")
        #expect(afterRestart.clean == count, "\(count - afterRestart.clean) of \(count) guests not clean after the restart")
    }
}

/// One run of the corpus on hv4: a fleet of its own in a temporary folder, one raw template and
/// one guest per document.
struct CorpusRun {
    struct Guest {
        let name: String
        let file: String
    }

    /// What one `plan --json` said of the corpus guests.
    struct Stage {
        let title: String
        let guests: [Guest]
        /// guest → (action, reason, change lines); a guest missing from the plan is absent here.
        let entries: [String: (action: String, reason: String, changes: [String])]
        /// The apply before this plan, for the lines it printed about each guest.
        let applyLines: [String: [String]]

        var clean: Int { guests.filter { entries[$0.name]?.action == "no-change" }.count }

        func printFindings() {
            let unclean = guests.filter { entries[$0.name]?.action != "no-change" }
            guard !unclean.isEmpty else { return }
            print("corpus: not \(title) (\(unclean.count)):")
            for guest in unclean {
                guard let entry = entries[guest.name] else {
                    print("  \(guest.name) (\(guest.file)): not in the plan")
                    continue
                }
                print("  \(guest.name) (\(guest.file)): \(entry.action): \(entry.reason)")
                for change in entry.changes { print("      \(change)") }
                for line in applyLines[guest.name] ?? [] { print("      apply: \(line)") }
            }
        }
    }

    static let host = Testbed.corpusHost
    static let emulator = "/usr/bin/qemu-system-x86_64"

    let source: URL
    let documents: [(file: String, text: String)]
    let guests: [Guest]
    let id: String
    let folder: URL
    /// Guests set aside because `virtfleet validate` refuses their document, with its messages.
    private(set) var refused: [String: [String]] = [:]
    /// The guests declared: all but the refused ones.
    var active: [Guest] { guests.filter { refused[$0.name] == nil } }

    init() throws {
        try Testbed.requireUp(hosts: [Self.host])
        let environment = ProcessInfo.processInfo.environment["VIRTFLEET_CORPUS_DIR"] ?? ""
        source =
            environment.isEmpty
            ? Repository.root.appendingPathComponent("Tests/Integration/Corpus")
            : URL(fileURLWithPath: environment, relativeTo: Repository.root)
        // Subfolders count too (the corpus keeps documents with runtime-only attributes in one).
        guard let walk = FileManager.default.enumerator(atPath: source.path) else {
            throw UnexpectedOutput(description: "no corpus folder \(source.path)")
        }
        let files = walk.compactMap { $0 as? String }.filter { $0.hasSuffix(".xml") }.sorted()
        let source = source
        documents = try files.map { ($0, try String(contentsOf: source.appendingPathComponent($0), encoding: .utf8)) }
        id = "corpus-" + UUID().uuidString.prefix(6).lowercased()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(id)
        let width = max(3, String(files.count).count)
        let id = id
        guests = files.enumerated().map { index, file in
            Guest(name: "\(id)-" + String(repeating: "0", count: width - String(index + 1).count) + "\(index + 1)", file: file)
        }
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let domainType = try Testbed.domainType(of: Self.host)
        var macs = MACAllocator()
        for (guest, document) in zip(guests, documents) {
            let text = try Self.adapt(document.text, domainType: domainType, macs: &macs)
            try Data(text.utf8).write(to: templates.appendingPathComponent("\(guest.name).xml"))
        }
        try declare(guests)
    }

    /// Writes fleet.yaml with these guests, one a line from line 4 on.
    func declare(_ declared: [Guest]) throws {
        var fleet = "fleet: \(id)\ntemplates: templates\nguests:\n"
        for guest in declared {
            fleet += "  - { name: \(guest.name), template: \(guest.name), host: \(Self.host), state: stopped }\n"
        }
        try Data(fleet.utf8).write(to: folder.appendingPathComponent("fleet.yaml"))
    }

    /// `virtfleet validate` checks the whole fleet at once, so one document it refuses would stop
    /// every other from being applied. Each guest a validate error names (by its template, its
    /// name or its fleet.yaml line) is set aside with the messages, until validate passes.
    mutating func setAsideWhatValidateRefuses() throws {
        for _ in 0..<10 {
            let result = try virtfleet(["validate"], limited: false)
            if result.status == 0 { return }
            let declared = active
            var named: [String: [String]] = [:]
            for line in result.errors.split(separator: "\n").map(String.init) {
                let byLine = line.firstMatch(of: /fleet\.yaml:(\d+):/).flatMap { Int($0.1) }.flatMap { number in
                    declared.indices.contains(number - 4) ? declared[number - 4] : nil
                }
                let byName = declared.first { line.contains("templates/\($0.name).xml") || line.contains("'\($0.name)'") }
                if let guest = byLine ?? byName { named[guest.name, default: []].append(line) }
            }
            guard !named.isEmpty else {
                throw UnexpectedOutput(description: "virtfleet validate refuses the corpus fleet: \(result.output) \(result.errors)")
            }
            refused.merge(named) { $0 + $1 }
            try declare(active)
        }
        throw UnexpectedOutput(description: "virtfleet validate still refuses the corpus fleet after setting \(refused.count) guests aside")
    }

    /// The document as a template for hv4: the emulator hv4 has, no `<name>` or `<uuid>` (virtfleet
    /// adds the guest's; a `<sysinfo>` UUID entry goes too), MAC addresses no other document uses (one address repeated within a
    /// document stays repeated), and TCG where hv4 has no KVM.
    static func adapt(_ text: String, domainType: String, macs: inout MACAllocator) throws -> String {
        var text = text.replacing(try Regex(#"<emulator>[^<]*</emulator>"#), with: "<emulator>\(emulator)</emulator>")
        text = text.replacing(try Regex(#"\n?[ \t]*<name>[^<]*</name>"#), with: "", maxReplacements: 1)
        text = text.replacing(try Regex(#"\n?[ \t]*<uuid>[^<]*</uuid>"#), with: "", maxReplacements: 1)
        // libvirt requires a <sysinfo> system UUID to equal the domain's, which virtfleet now sets.
        text = text.replacing(try Regex(#"\n?[ \t]*<entry name=['"]uuid['"]>[^<]*</entry>"#), with: "")
        var local: [String: String] = [:]
        text = text.replacing(try Regex(#"(<mac\b[^>]*?\baddress=)(['"])([0-9A-Fa-f:]+)(['"])"#)) { match in
            let original = String(match.output[3].substring ?? "").lowercased()
            let replacement = local[original] ?? macs.next()
            local[original] = replacement
            return "\(match.output[1].substring ?? "")\(match.output[2].substring ?? "")\(replacement)\(match.output[4].substring ?? "")"
        }
        if domainType != "kvm" {
            text = text.replacing(try Regex(#"(<domain\b[^>]*?\btype=)(['"])kvm(['"])"#), maxReplacements: 1) { match in
                "\(match.output[1].substring ?? "")\(match.output[2].substring ?? "")\(domainType)\(match.output[3].substring ?? "")"
            }
        }
        return text
    }

    var inventory: [String] {
        ["-i", folder.appendingPathComponent("fleet.yaml").path, "-i", Testbed.hostsFile]
    }

    /// `virtfleet SUBCOMMAND… -i fleet -i hosts --limit hv4`, under `timeout` so a hang fails the test.
    func virtfleet(_ arguments: [String], limited: Bool = true) throws -> ProcessResult {
        try ProcessRunner.run(
            "/usr/bin/timeout", ["900", try Repository.virtfleetBinary] + arguments + inventory + (limited ? ["--limit", Self.host] : []),
            environment: ["NO_COLOR": "1"])
    }

    /// The corpus guests libvirt has, by `virsh list --all` on hv4's own socket as user hv4: virsh
    /// 9.0 over qemu+libssh crashes on exit (SIGSEGV in glib) once a host has about a hundred
    /// domains, after printing them.
    func definedGuests() throws -> Set<String> {
        let names = try virsh(["list", "--all", "--name"]).checked().output.split(separator: "\n")
        return Set(names.map { $0.trimmingCharacters(in: .whitespaces) }).intersection(guests.map(\.name))
    }

    /// `virsh -q -c qemu:///session ARGS…` run as user hv4 on its own session daemon.
    @discardableResult
    func virsh(_ arguments: [String]) throws -> ProcessResult {
        guard let entry = getpwnam(Self.host), let home = entry.pointee.pw_dir.map({ String(cString: $0) }) else {
            throw UnexpectedOutput(description: "no user \(Self.host): run scripts/testbed up 4")
        }
        return try ProcessRunner.run(
            "/usr/sbin/runuser",
            [
                "-u", Self.host, "--", "/usr/bin/env", "-i", "HOME=\(home)", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "virsh", "-q", "-c",
                "qemu:///session",
            ]
                + arguments)
    }

    /// `plan --json`, read per corpus guest.
    func stage(_ title: String, apply: ProcessResult?) throws -> Stage {
        let result = try virtfleet(["plan", "--json"])
        guard !result.output.isEmpty,
            let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let hosts = json["hosts"] as? [[String: Any]]
        else {
            throw UnexpectedOutput(description: "plan --json (\(title)) gave no JSON: \(result.output) \(result.errors)")
        }
        var entries: [String: (action: String, reason: String, changes: [String])] = [:]
        for host in hosts {
            if host["reachable"] as? Bool == false {
                throw UnexpectedOutput(description: "\(Self.host) unreachable: \(host["error"] as? String ?? "?")")
            }
            for entry in host["entries"] as? [[String: Any]] ?? [] {
                guard let guest = entry["guest"] as? String else { continue }
                entries[guest] = (
                    entry["action"] as? String ?? "?", entry["reason"] as? String ?? "",
                    entry["changes"] as? [String] ?? []
                )
            }
        }
        var applyLines: [String: [String]] = [:]
        if let apply {
            for guest in active { applyLines[guest.name] = lines(about: guest, in: apply) }
        }
        return Stage(title: title, guests: active, entries: entries, applyLines: applyLines)
    }

    /// What an apply said about the guest failing: the first line of its output or errors that
    /// names the guest and a failure.
    func lines(about guest: Guest, in result: ProcessResult) -> [String] {
        let lines = (result.output + "\n" + result.errors).split(separator: "\n").map(String.init)
        return lines.first { $0.contains(guest.name) && $0.lowercased().contains("fail") }.map { [$0] } ?? []
    }

    /// The PID of hv4's libvirt session daemon, if one runs.
    func daemonPID() throws -> Int32? {
        let result = try ProcessRunner.run("/usr/bin/pgrep", ["-u", Self.host, "-x", "libvirtd"])
        return result.output.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Stops hv4's libvirt session daemon and waits until it is gone. The next connection starts a
    /// new one (`virt-ssh-helper qemu:///session` does), as on a host whose daemon timed out.
    func stopDaemon() throws {
        guard let pid = try daemonPID() else { throw UnexpectedOutput(description: "no libvirt daemon of \(Self.host) runs") }
        kill(pid, SIGTERM)
        for _ in 0..<300 where kill(pid, 0) == 0 { usleep(100_000) }
        if kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            for _ in 0..<50 where kill(pid, 0) == 0 { usleep(100_000) }
        }
        if kill(pid, 0) == 0 { throw UnexpectedOutput(description: "the libvirt daemon of \(Self.host) (pid \(pid)) does not stop") }
    }

    /// Applies an empty fleet, which deletes this fleet's guests; then undefines with virsh any
    /// guest that is left (for example one whose definition virtfleet could not read), and
    /// removes the folder.
    func cleanUp() {
        try? Data("fleet: \(id)\ntemplates: templates\n".utf8).write(to: folder.appendingPathComponent("fleet.yaml"))
        _ = try? virtfleet(["apply", "--auto-approve"])
        for name in (try? definedGuests()) ?? [] where (try? virsh(["undefine", "--nvram", name]))?.status != 0 {
            _ = try? virsh(["undefine", name])
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// MAC addresses `52:54:00:fc:XX:XX`, a new one per call.
struct MACAllocator {
    private var handedOut = 0

    mutating func next() -> String {
        handedOut += 1
        return String(format: "52:54:00:fc:%02x:%02x", (handedOut >> 8) & 0xff, handedOut & 0xff)
    }
}
