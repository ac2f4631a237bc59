import Foundation
import VirtFleetDiagnostics

/// Turns `-i` arguments (files and folders, several allowed) into the YAML files to read, in a stable order.
/// Folders are read recursively, leaving out hidden entries, `templates/` folders (templates are
/// found through the template search path, not read as inventory) and `cloud-init/` folders (the
/// documents `user_data_file:` and its siblings name).
public enum InventoryFiles {
    /// Folders in an inventory folder that hold other files than inventory.
    public static let skippedFolders: Set<Substring> = ["templates", "cloud-init"]

    public static func resolve(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        var problems = Diagnostics()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.report("inventory path does not exist", at: .file(path), hint: "pass a YAML file or a folder of them with -i")
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .filter { !$0.split(separator: "/").dropLast().contains { $0.hasPrefix(".") || skippedFolders.contains($0) } }
                .filter { !($0.split(separator: "/").last ?? "").hasPrefix(".") }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            if found.isEmpty {
                problems.report("inventory folder has no .yaml files", at: .file(path))
            }
            files.append(contentsOf: found)
        }
        try problems.check()
        var seen = Set<String>()
        // By real path: a file reached through a symlink and directly is read once.
        return files.filter { seen.insert(URL(fileURLWithPath: $0).resolvingSymlinksInPath().standardizedFileURL.path).inserted }
    }
}

/// Expands `~` and makes relative paths relative to the file that named them.
public enum PathExpansion {
    public static func resolve(_ path: String, relativeTo folder: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return URL(fileURLWithPath: folder).appendingPathComponent(expanded).standardizedFileURL.path
    }
}
