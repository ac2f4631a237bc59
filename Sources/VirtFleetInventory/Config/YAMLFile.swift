import Foundation
import VirtFleetDiagnostics
import Yams

/// Reads a YAML file into a `ConfigNode` tree; syntax errors and duplicate keys come back
/// as located diagnostics (Yams' own messages span several lines and show snippets).
public enum YAMLFile {
    public static func load(path: String) throws -> ConfigNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("cannot read file", at: .file(path), hint: "check that it exists and is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("file is not valid UTF-8", at: .file(path))
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file)
        } catch {
            throw Diagnostic("YAML error: \(error)", at: .file(file))
        }
        guard let node else { return ConfigNode(.null, at: .file(file)) }
        return try convert(node, file: file)
    }

    private static func convert(_ node: Node, file: String) throws -> ConfigNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ConfigNode(.null, at: location)
            }
            let literal = scalar.style == .literal || scalar.style == .folded
            return ConfigNode(.scalar(scalar.string), at: location, isQuoted: quoted || literal)
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            for (key, value) in mapping {
                guard let keyText = key.scalar?.string else {
                    // `key: {{ var }}` parses as a mapping inside a mapping used as a key.
                    let unquotedTemplate = key.mapping != nil || value.mapping?.keys.contains { $0.mapping != nil } == true
                    throw Diagnostic(
                        "mapping keys must be plain strings",
                        at: SourceLocation(
                            file: file, line: key.mark?.line ?? location.line, column: key.mark?.column ?? location.column),
                        hint: unquotedTemplate ? "a value starting with '{{' must be quoted: \"{{ … }}\"" : nil)
                }
                let keyLocation = SourceLocation(
                    file: file, line: key.mark?.line ?? location.line,
                    column: key.mark?.column ?? location.column)
                entries.append(ConfigEntry(key: keyText, keyLocation: keyLocation, value: try convert(value, file: file)))
            }
            return ConfigNode(.mapping(entries), at: location)
        case .sequence(let sequence):
            return ConfigNode(.sequence(try sequence.map { try convert($0, file: file) }), at: location)
        case .alias(let alias):
            throw Diagnostic(
                "YAML aliases are not supported here (\(alias.anchor.rawValue))", at: location,
                hint: "use 'extends:' in templates or variables instead")
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text), " } ?? ""
            return Diagnostic("YAML syntax error: \(prefix)\(problem)", at: at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                "duplicate key \(keys) in this mapping", at: at(context.mark),
                hint: "each key may appear only once")
        case let .reader(problem, _, _, _):
            return Diagnostic("YAML error: \(problem)", at: .file(file))
        default:
            return Diagnostic("YAML error: \(error)", at: .file(file))
        }
    }
}
