import Foundation
import VirtFleetCLI
import VirtFleetDiagnostics
import VirtFleetExpansion
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetLibvirt

/// One entry point per decoder of untrusted input, for libFuzzer (Fuzz/Sources, through
/// `blocking`) and for the unit test that replays the checked-in corpus (Fuzz/Corpus). Each takes
/// raw bytes and must return normally whatever they are: an error is an answer, a crash or a hang
/// is a bug.
public enum FuzzEntry {
    /// The inventory loader and expander, through `virtfleet validate` on a one-file inventory.
    public static func inventory(_ bytes: [UInt8]) async {
        await withScratch(["inventory.yaml": bytes, "templates/small.yaml": Array(smallTemplate.utf8)]) { root in
            await runQuietly(["validate", "-i", root + "/inventory.yaml"])
        }
    }

    /// A raw XML template, expanded for one guest through `virtfleet validate`.
    public static func rawXMLTemplate(_ bytes: [UInt8]) async {
        let inventory = "fleet: fuzz\ntemplates: templates\nhosts:\n  hv1: {}\nguests:\n  - { name: g, template: raw, host: hv1 }\n"
        await withScratch(["inventory.yaml": Array(inventory.utf8), "templates/raw.xml": bytes]) { root in
            await runQuietly(["validate", "-i", root + "/inventory.yaml"])
        }
    }

    /// The `{{ }}` expression language, over a scope with a string, a number and a list.
    public static func expression(_ bytes: [UInt8]) async {
        let text = String(decoding: bytes, as: UTF8.self)
        let here = SourceLocation.file("fuzz.yaml")
        let scope = Scope(layers: [
            [
                ConfigEntry(key: "name", keyLocation: here, value: .scalar("web", at: here)),
                ConfigEntry(key: "index", keyLocation: here, value: .scalar("7", at: here)),
                ConfigEntry(key: "items", keyLocation: here, value: ConfigNode(.sequence([.scalar("a", at: here)]), at: here)),
            ]
        ])
        _ = try? Interpolator.render(text, at: here, scope: scope)
    }

    /// libvirt's RPC framing, then every packet body read as the replies virtfleet decodes.
    public static func rpcStream(_ bytes: [UInt8]) async {
        var decoder = FrameDecoder()
        guard let packets = try? decoder.append(bytes) else { return }
        for packet in packets {
            var a = XDRDecoder(packet.body)
            _ = try? LibvirtError(from: &a)
            var b = XDRDecoder(packet.body)
            _ = try? NodeInfo(from: &b)
            var c = XDRDecoder(packet.body)
            _ = try? c.array(max: 1024) { d throws(XDRError) in try DomainReference(from: &d) }
            _ = try? StoragePoolInfo(xdrBytes: packet.body)
            _ = try? StorageVolumeInfo(xdrBytes: packet.body)
            var d = XDRDecoder(packet.body)
            _ = try? d.array(max: 1024) { d throws(XDRError) in try StoragePoolReference(from: &d) }
            var e = XDRDecoder(packet.body)
            _ = try? e.array(max: 1024) { d throws(XDRError) in try StorageVolumeReference(from: &d) }
            var f = XDRDecoder(packet.body)
            _ = try? f.array(max: 1024) { d throws(XDRError) in try NetworkReference(from: &d) }
        }
    }

    /// A saved plan file, through `virtfleet show` (text and JSON).
    public static func planFile(_ bytes: [UInt8]) async {
        await withScratch(["plan.json": bytes]) { root in
            await runQuietly(["show", root + "/plan.json"])
            await runQuietly(["show", root + "/plan.json", "--json"])
        }
    }

    /// Runs an entry to completion from a thread outside Swift's concurrency pool (libFuzzer's
    /// main thread), which may block while the entry's tasks run on the pool.
    public static func blocking(_ entry: @escaping @Sendable ([UInt8]) async -> Void, _ bytes: [UInt8]) {
        let semaphore = DispatchSemaphore(value: 0)
        Task {
            await entry(bytes)
            semaphore.signal()
        }
        semaphore.wait()
    }

    static let smallTemplate = "type: kvm\nmemory: 64MiB\nos: { type: hvm, arch: x86_64 }\n"

    /// Writes `files` into a fresh folder, runs `body` with its path, removes it.
    private static func withScratch(_ files: [String: [UInt8]], _ body: (String) async -> Void) async {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vf-fuzz-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            guard (try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)) != nil,
                (try? Data(bytes).write(to: url)) != nil
            else { return }
        }
        await body(root.path)
    }

    /// Runs a command in-process with its output discarded and no hypervisor reachable.
    private static func runQuietly(_ arguments: [String]) async {
        let context = CommandContext(
            output: Discard(), errors: Discard(),
            terminal: TerminalFacts(stdinIsTerminal: false, stdoutIsTerminal: false, color: false),
            readLine: { nil }, connector: { _ in Unreachable() }, now: { Date(timeIntervalSince1970: 0) },
            identity: "fuzz")
        _ = await VirtFleet.run(arguments: arguments, context: context)
    }

    private struct Discard: TextOutput {
        func write(_ text: String) throws(OutputError) {}
    }

    private struct Unreachable: HypervisorConnector {
        func connect(to host: HypervisorHost) async throws(HypervisorError) -> any HypervisorSession {
            throw HypervisorError(host: host.name, cause: .connect, message: "fuzzing reaches no host")
        }
    }
}
