import Foundation
import VirtFleetDiagnostics

/// Writes rendered guests as `DIR/HOST/GUEST.xml`, all or nothing.
///
/// Everything is written to a staging folder beside `DIR` first and swapped in with renames, so a
/// failure never leaves a half-written tree. An existing `DIR` is replaced only if it holds nothing
/// but an earlier render's `HOST/GUEST.xml` files; anything else there is never deleted.
public enum RenderedTree {
    public static func write(_ guests: [DesiredGuest], to directory: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        try checkReplaceable(target)
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(getpid())")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(getpid())")
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for guest in guests.sorted(by: { ($0.host, $0.name) < ($1.host, $1.name) }) {
                let hostFolder = staging.appendingPathComponent(guest.host)
                try fm.createDirectory(at: hostFolder, withIntermediateDirectories: true)
                try Data(guest.xml.utf8).write(to: hostFolder.appendingPathComponent("\(guest.name).xml"))
            }
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

    private static func checkReplaceable(_ target: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Diagnostic("output path exists and is not a folder", at: .file(target.path))
        }
        for host in try fm.contentsOfDirectory(atPath: target.path) {
            let hostPath = target.appendingPathComponent(host).path
            var hostIsDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: hostPath, isDirectory: &hostIsDirectory)
            let files = hostIsDirectory.boolValue ? (try? fm.contentsOfDirectory(atPath: hostPath)) ?? [] : [host]
            if !hostIsDirectory.boolValue || files.contains(where: { !$0.hasSuffix(".xml") }) {
                throw Diagnostic(
                    "output folder holds files virtfleet did not write (\(host))", at: .file(target.path),
                    hint: "choose an empty or new folder for --out")
            }
        }
    }
}
