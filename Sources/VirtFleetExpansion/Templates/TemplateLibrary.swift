import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory

/// Finds templates by name in the inventory's template folders and resolves `extends`.
///
/// Each template is read and resolved once, however many guests use it.
public struct TemplateLibrary {
    public let directories: [String]
    private var cache: [String: Result<GuestTemplate, Diagnostic>] = [:]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The template `name`, located for errors at `location` (where a guest or `extends` named it).
    public mutating func template(named name: String, at location: SourceLocation) throws -> GuestTemplate {
        try resolve(name, at: location, chain: [])
    }

    private mutating func resolve(_ name: String, at location: SourceLocation, chain: [String]) throws -> GuestTemplate {
        if chain.contains(name) {
            throw Diagnostic(
                "template 'extends' cycle: \((chain + [name]).joined(separator: " → "))", at: location,
                hint: "a template cannot extend itself, directly or through others")
        }
        if let cached = cache[name] { return try cached.get() }
        if chain.count >= InputLimits.extendsDepth {
            throw Diagnostic(
                "template 'extends' chain is longer than \(InputLimits.extendsDepth) templates", at: location,
                hint: "flatten the chain: \(chain.first ?? name) → … → \(name)")
        }
        let result: Result<GuestTemplate, Diagnostic>
        do {
            result = .success(try load(name, at: location, chain: chain))
        } catch let diagnostic as Diagnostic {
            // Failures are cached too: a template in an `extends` cycle is invalid however it is reached.
            result = .failure(diagnostic)
        }
        cache[name] = result
        return try result.get()
    }

    private mutating func load(_ name: String, at location: SourceLocation, chain: [String]) throws -> GuestTemplate {
        guard !name.isEmpty, !name.split(separator: "/").contains(".."), !name.hasPrefix("/") else {
            throw Diagnostic(
                "'\(name)' is not a valid template name", at: location,
                hint: "name a file in a templates folder, without extension")
        }
        let file = try find(name, at: location)
        if file.hasSuffix(".xml") {
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int,
                size > InputLimits.fileBytes
            {
                throw Diagnostic("template has \(size) bytes, more than the \(InputLimits.fileBytes) allowed", at: .file(file))
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw Diagnostic("cannot read template", at: .file(file))
            }
            return .raw(text: text, file: file)
        }
        let root = try YAMLFile.load(path: file)
        let reader = try MappingReader(root, context: "template", allowed: ["extends", "vars"] + ProfileDecoder.keys)
        var vars = try reader.node("vars").map { try VariableBlock.entries($0, context: "vars") } ?? []
        var profile = ConfigNode(
            .mapping((root.entries ?? []).filter { $0.key != "extends" && $0.key != "vars" }),
            at: root.location)
        if let parentNode = reader.node("extends") {
            let parentName = try parentNode.asString("extends")
            switch try resolve(parentName, at: parentNode.location, chain: chain + [name]) {
            case let .structured(parentProfile, parentVars, _):
                profile = ProfileMerge.merge(parentProfile, profile)
                vars = ProfileMerge.merge(parentVars, vars)
            case .raw:
                throw Diagnostic(
                    "a structured template cannot extend the raw XML template '\(parentName)'",
                    at: parentNode.location)
            }
        }
        return .structured(profile: profile, vars: vars, file: file)
    }

    private func find(_ name: String, at location: SourceLocation) throws -> String {
        for directory in directories {
            let candidates = ["yaml", "yml", "xml"].map { (directory as NSString).appendingPathComponent("\(name).\($0)") }
                .filter { FileManager.default.fileExists(atPath: $0) }
            if candidates.count > 1 {
                throw Diagnostic(
                    "template '\(name)' is ambiguous: \(candidates.joined(separator: " and "))", at: location,
                    hint: "keep one of them")
            }
            if let file = candidates.first { return file }
        }
        let known = directories.flatMap { directory in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".xml") }
                .map { ($0 as NSString).deletingPathExtension }
        }
        let searched = directories.isEmpty ? "no template folders" : directories.joined(separator: ", ")
        throw Diagnostic(
            "template '\(name)' not found (searched \(searched))", at: location,
            hint: Suggestion.closest(to: name, in: known).map { "did you mean '\($0)'?" }
                ?? "add templates/\(name).yaml, or set 'templates:' in the inventory")
    }
}
