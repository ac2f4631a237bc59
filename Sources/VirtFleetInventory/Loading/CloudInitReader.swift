import Foundation
import VirtFleetDiagnostics

/// Reads a `cloud_init:` block (on a guest, or in a structured template) into a
/// `CloudInitDeclaration`. Values stay uninterpolated; expansion renders them per guest.
public enum CloudInitReader {
    public static let keys = [
        "pool", "volume", "user_data", "user_data_file", "meta_data", "meta_data_file", "network_config",
        "network_config_file", "cdrom",
    ]

    public static func read(_ node: ConfigNode) throws -> CloudInitDeclaration {
        let reader = try MappingReader(node, context: "cloud_init", allowed: keys)
        var block = CloudInitDeclaration(location: node.location)
        block.pool = reader.node("pool")
        block.volume = reader.node("volume")
        for key in ["pool", "volume"] { _ = try reader.string(key) }
        block.userData = try document("user_data", reader)
        block.metaData = try document("meta_data", reader)
        block.networkConfig = try document("network_config", reader)
        if let cdrom = reader.node("cdrom") {
            guard cdrom.entries != nil else {
                throw Diagnostic(
                    "'cdrom' must be a mapping such as {target: sdz, bus: sata}, not \(cdrom.kindName)", at: cdrom.location)
            }
            block.cdrom = cdrom
        }
        return block
    }

    /// `key` (a mapping or a string) or `key_file` (a path, relative to the file that names it).
    private static func document(_ key: String, _ reader: MappingReader) throws -> CloudInitDeclaration.Document? {
        let inline = reader.node(key)
        let file = reader.node(key + "_file")
        if inline != nil, let file {
            throw Diagnostic(
                "cloud_init takes either '\(key)' or '\(key)_file', not both",
                at: reader.entry(key + "_file")?.keyLocation ?? file.location,
                hint: "keep one of them")
        }
        if let file {
            let path = try file.asString(key + "_file")
            guard !path.isEmpty else {
                throw Diagnostic("'\(key)_file' is empty", at: file.location, hint: "name a file, relative to this one")
            }
            let folder = (file.location.file as NSString).deletingLastPathComponent
            return .file(path: PathExpansion.resolve(path, relativeTo: folder), node: file)
        }
        guard let inline else { return nil }
        switch inline.value {
        case .mapping: return .mapping(inline)
        case .scalar: return .text(inline)
        case .sequence, .null:
            throw Diagnostic(
                "'\(key)' must be a mapping or a string, not \(inline.kindName)", at: inline.location,
                hint: "write the document's keys under it, or a block string with '|'")
        }
    }
}
