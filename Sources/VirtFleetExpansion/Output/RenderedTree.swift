import Foundation
import VirtFleetDiagnostics

/// Writes rendered guests and their hosts' resources, all or nothing:
///
/// ```
/// DIR/HOST/GUEST.xml                                  each guest's domain
/// DIR/HOST/GUEST.cidata/{user-data,meta-data,network-config}   its cloud-init documents
/// DIR/HOST/pools/NAME.xml                             each pool's <pool>
/// DIR/HOST/networks/NAME.xml                          each network's <network>
/// DIR/HOST/volumes/POOL/NAME.xml                      each image, guest volume and seed's <volume>
/// ```
///
/// Everything is written to a staging folder beside `DIR` first and swapped in with renames, so a
/// failure never leaves a half-written tree. It never deletes what it did not write: an existing
/// `DIR` is replaced only if it holds nothing but what a render writes (`unrecognised(in:)`,
/// checked by type as well as by name), and a `DIR` that is a symbolic link is refused. Staging
/// folders left by a render that was killed are removed once their process is gone, and
/// SIGINT/SIGTERM during a render remove its staging folder before the process ends.
public enum RenderedTree {
    /// The file names in a `GUEST.cidata` folder.
    static let seedDocuments = ["user-data", "meta-data", "network-config"]
    /// Folders of XML documents in a host folder, besides guests' files.
    static let resourceFolders = ["pools", "networks"]

    public static func write(_ guests: [DesiredGuest], hosts: [DesiredHost] = [], to directory: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        try checkReplaceable(target)
        let parent = target.deletingLastPathComponent()
        removeStaleFolders(of: target)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(getpid())")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(getpid())")
        let guard_ = InterruptGuard(staging: staging.path)
        defer { guard_.finish() }
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for (path, text) in files(guests, hosts: hosts) {
                guard_.checkpoint()
                let file = staging.appendingPathComponent(path)
                try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
            guard_.checkpoint()
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: previous)
                do {
                    try fm.moveItem(at: staging, to: target)
                } catch {
                    try? fm.moveItem(at: previous, to: target)
                    throw error
                }
                try? fm.removeItem(at: previous)
            } else {
                try fm.moveItem(at: staging, to: target)
            }
        } catch let diagnostic as Diagnostic {
            try? fm.removeItem(at: staging)
            throw diagnostic
        } catch {
            try? fm.removeItem(at: staging)
            throw Diagnostic("cannot write rendered XML: \(error.localizedDescription)", at: .file(directory))
        }
    }

    /// Every file a render writes, as (path under DIR, text), in a stable order. Names are safe as
    /// path parts: host, guest, pool, network and volume names are checked when loading and
    /// expanding (no `/`, no leading `.`).
    static func files(_ guests: [DesiredGuest], hosts: [DesiredHost]) -> [(String, String)] {
        var files: [(String, String)] = []
        var volumes: [String: [(String, String)]] = [:]
        for host in hosts {
            for pool in host.pools { files.append(("\(host.host)/pools/\(pool.name).xml", pool.xml)) }
            for network in host.networks { files.append(("\(host.host)/networks/\(network.name).xml", network.xml)) }
            for image in host.images {
                volumes[host.host, default: []].append(("\(host.host)/volumes/\(image.pool)/\(image.volume).xml", image.xml))
            }
        }
        for guest in guests.sorted(by: { ($0.host, $0.name) < ($1.host, $1.name) }) {
            files.append(("\(guest.host)/\(guest.name).xml", guest.xml))
            for volume in guest.volumes {
                volumes[guest.host, default: []].append(("\(guest.host)/volumes/\(volume.pool)/\(volume.name).xml", volume.xml))
            }
            guard let seed = guest.seed else { continue }
            let folder = "\(guest.host)/\(guest.name).cidata/"
            files.append((folder + "user-data", seed.userData))
            files.append((folder + "meta-data", seed.metaData))
            if let networkConfig = seed.networkConfig { files.append((folder + "network-config", networkConfig)) }
            volumes[guest.host, default: []].append(("\(guest.host)/volumes/\(seed.pool)/\(seed.volume).xml", seed.xml))
        }
        for host in volumes.keys.sorted() { files.append(contentsOf: volumes[host] ?? []) }
        return files
    }

    /// What is at `path` itself, symbolic links not followed.
    private static func type(of path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    private static func checkReplaceable(_ target: URL) throws {
        guard let type = type(of: target.path) else { return }
        if type == .typeSymbolicLink {
            throw Diagnostic(
                "output path is a symbolic link", at: .file(target.path),
                hint: "pass the folder it points to, or a new folder, to --out")
        }
        guard type == .typeDirectory else {
            throw Diagnostic("output path exists and is not a folder", at: .file(target.path))
        }
        if let stranger = unrecognised(in: target.path) {
            throw Diagnostic(
                "output folder holds files virtfleet did not write (\(stranger))", at: .file(target.path),
                hint: "choose an empty or new folder for --out")
        }
    }

    /// The first entry of `folder` that a render does not write, or nil when there is none. A
    /// render writes host folders holding only regular `*.xml` files, `*.cidata` folders of
    /// regular seed documents, `pools/` and `networks/` folders of regular `*.xml` files, and a
    /// `volumes/` folder of pool folders of regular `*.xml` files; nothing hidden.
    static func unrecognised(in folder: String) -> String? {
        let fm = FileManager.default
        guard let hosts = try? fm.contentsOfDirectory(atPath: folder) else { return "unreadable" }
        for host in hosts.sorted() {
            let hostPath = (folder as NSString).appendingPathComponent(host)
            guard type(of: hostPath) == .typeDirectory, !host.hasPrefix(".") else { return host }
            guard let entries = try? fm.contentsOfDirectory(atPath: hostPath) else { return host }
            for entry in entries.sorted() {
                let path = (hostPath as NSString).appendingPathComponent(entry)
                let shown = "\(host)/\(entry)"
                guard !entry.hasPrefix(".") else { return shown }
                switch type(of: path) {
                case .typeRegular where entry.hasSuffix(".xml"):
                    continue
                case .typeDirectory where entry.hasSuffix(".cidata"):
                    if let stranger = stranger(in: path, shown: shown, allowed: { seedDocuments.contains($0) }) { return stranger }
                case .typeDirectory where resourceFolders.contains(entry):
                    if let stranger = stranger(in: path, shown: shown, allowed: { $0.hasSuffix(".xml") }) { return stranger }
                case .typeDirectory where entry == "volumes":
                    guard let pools = try? fm.contentsOfDirectory(atPath: path) else { return shown }
                    for pool in pools.sorted() {
                        let poolPath = (path as NSString).appendingPathComponent(pool)
                        guard !pool.hasPrefix("."), type(of: poolPath) == .typeDirectory else { return "\(shown)/\(pool)" }
                        if let stranger = stranger(in: poolPath, shown: "\(shown)/\(pool)", allowed: { $0.hasSuffix(".xml") }) {
                            return stranger
                        }
                    }
                default:
                    return shown
                }
            }
        }
        return nil
    }

    /// The first entry of `folder` that is not a regular, visible file whose name `allowed` accepts.
    private static func stranger(in folder: String, shown: String, allowed: (String) -> Bool) -> String? {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return shown }
        for file in files.sorted() {
            let path = (folder as NSString).appendingPathComponent(file)
            guard !file.hasPrefix("."), allowed(file), type(of: path) == .typeRegular else { return "\(shown)/\(file)" }
        }
        return nil
    }

    /// Staging and set-aside folders of renders whose process is gone: staging ones are removed;
    /// a set-aside earlier render is put back when `DIR` is missing, else removed. Only folders
    /// holding nothing but rendered files are touched.
    private static func removeStaleFolders(of target: URL) {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries {
            for (kind, prefix) in [
                ("staging", ".\(target.lastPathComponent).staging-"),
                ("previous", ".\(target.lastPathComponent).previous-"),
            ] {
                guard entry.hasPrefix(prefix), let pid = pid_t(entry.dropFirst(prefix.count)), pid > 0,
                    pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
                else { continue }
                let path = parent.appendingPathComponent(entry)
                guard type(of: path.path) == .typeDirectory, unrecognised(in: path.path) == nil else { continue }
                if kind == "previous", type(of: target.path) == nil {
                    try? fm.moveItem(at: path, to: target)
                } else {
                    try? fm.removeItem(at: path)
                }
            }
        }
    }
}

/// While a render writes, SIGINT and SIGTERM remove its staging folder and then end the process
/// as the signal would have. The signal handler only notes the signal (all a handler may safely
/// do); the writing thread looks at the note before each file and before the swap, so a signal
/// that arrives before the swap always aborts the render, and one that arrives during the swap
/// (two renames) still ends the process with the signal's status once the swap is done.
private final class InterruptGuard: @unchecked Sendable {
    private let staging: String
    private var previous: [(Int32, sigaction)] = []

    init(staging: String) {
        self.staging = staging
        interruptNote.pointee = 0
        for signalNumber in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                if interruptNote.pointee == 0 { interruptNote.pointee = signalNumber }
            }
            action.sa_flags = SA_RESTART  // writes in progress finish instead of failing with EINTR
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signalNumber, &action, &old)
            previous.append((signalNumber, old))
        }
    }

    /// Ends the process, as the noted signal would have, if one arrived; the staging folder first.
    func checkpoint() {
        let signalNumber = interruptNote.pointee
        guard signalNumber != 0 else { return }
        try? FileManager.default.removeItem(atPath: staging)
        end(by: signalNumber)
    }

    func finish() {
        for (signalNumber, old) in previous {
            var action = old
            sigaction(signalNumber, &action, nil)
        }
        let signalNumber = interruptNote.pointee
        if signalNumber != 0 { end(by: signalNumber) }
    }

    private func end(by signalNumber: Int32) -> Never {
        signal(signalNumber, SIG_DFL)
        kill(getpid(), signalNumber)
        usleep(200_000)
        _exit(128 + signalNumber)
    }
}

/// The signal a render was interrupted by (0: none). Allocated once, before any handler is
/// installed, so the handler only stores an integer.
private nonisolated(unsafe) let interruptNote: UnsafeMutablePointer<Int32> = {
    let note = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    note.initialize(to: 0)
    return note
}()
