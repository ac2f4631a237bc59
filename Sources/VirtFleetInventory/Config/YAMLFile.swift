import Foundation
import VirtFleetDiagnostics
import Yams

/// Reads a YAML file into a `ConfigNode` tree; syntax errors and duplicate keys come back
/// as located diagnostics (Yams' own messages span several lines and show snippets).
public enum YAMLFile {
    public static func load(path: String) throws -> ConfigNode {
        try parse(try text(path: path), file: path)
    }

    /// A file's text, within the size limit and valid UTF-8; anything else is a located error.
    public static func text(path: String) throws -> String {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size > InputLimits.fileBytes
        {
            throw Diagnostic(
                "file has \(size) bytes, more than the \(InputLimits.fileBytes) allowed", at: .file(path),
                hint: "split it into several files")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic("cannot read file", at: .file(path), hint: "check that it exists and is readable")
        }
        guard data.count <= InputLimits.fileBytes else {
            throw Diagnostic(
                "file has more than the \(InputLimits.fileBytes) bytes allowed", at: .file(path),
                hint: "split it into several files")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("file is not valid UTF-8", at: .file(path))
        }
        return text
    }

    /// Checks a document virtfleet passes on rather than reads (a cloud-init seed document): the
    /// same syntax errors and limits as `parse`, but aliases are allowed (each stands for a null in
    /// the tree returned) and control characters are left alone (they never reach XML).
    public static func check(_ text: String, file: String) throws -> ConfigNode {
        try parse(text, file: file, passedOn: true)
    }

    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        try parse(text, file: file, passedOn: false)
    }

    private static func parse(_ text: String, file: String, passedOn: Bool) throws -> ConfigNode {
        // Counted before any alias is resolved (see YAMLWeight); a text without `*` has no alias,
        // and the tree composed for counting is the one converted. When the text with `*` replaced
        // cannot be composed, its error is reported and the real text is never composed: Yams
        // would hash aliased keys before it reached the error.
        let neutralized = YAMLWeight.neutralized(text)
        var node = try compose(neutralized?.text ?? text, file: file, placeholder: neutralized?.placeholder) { root in
            try YAMLWeight.check(root, aliasPlaceholder: neutralized?.placeholder, file: file)
        }
        if neutralized != nil { node = try compose(text, file: file, placeholder: nil) { _ in } }
        guard let node else { return ConfigNode(.null, at: .file(file)) }
        var converter = Converter(file: file, text: text, passedOn: passedOn)
        return try converter.convert(node, depth: 1)
    }

    /// Yams' tree of `text`, after `inspect` has seen it with its parser alive (Yams holds anchors
    /// weakly). Errors are located diagnostics; in a text whose `*` bytes were replaced by
    /// `placeholder`, a key naming a former alias is shown as the alias.
    private static func compose(
        _ text: String, file: String, placeholder: Character?, inspect: (Node) throws -> Void
    ) throws -> Node? {
        do {
            let parser = try Parser(yaml: text)
            let node = try parser.singleRoot()
            try withExtendedLifetime(parser) {
                if let node { try inspect(node) }
            }
            return node
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file, placeholder: placeholder)
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw Diagnostic("YAML error: \(error)", at: .file(file))
        }
    }

    /// Yams' nodes into `ConfigNode`s, counting every node (aliases expanded, since each use
    /// becomes a copy) and the nesting depth, so an alias bomb or a deep alias chain stops at a
    /// limit instead of exhausting memory or the stack.
    private struct Converter {
        let file: String
        let text: String
        /// See `YAMLFile.check`.
        let passedOn: Bool
        var nodes = 0
        var lines: [Substring]?

        init(file: String, text: String, passedOn: Bool) {
            self.file = file
            self.text = text
            self.passedOn = passedOn
        }

        func location(_ node: Node, or fallback: SourceLocation? = nil) -> SourceLocation {
            SourceLocation(
                file: file, line: node.mark?.line ?? fallback?.line ?? 1,
                column: node.mark?.column ?? fallback?.column ?? 1)
        }

        mutating func convert(_ node: Node, depth: Int) throws -> ConfigNode {
            let location = location(node)
            nodes += 1
            if nodes > InputLimits.yamlNodes {
                throw Diagnostic(
                    "YAML document has more than \(InputLimits.yamlNodes) values (aliases expanded)",
                    at: location, hint: "an alias repeats its whole anchored value; use fewer or smaller aliases")
            }
            if depth > InputLimits.yamlDepth {
                throw Diagnostic(
                    "YAML value nested more than \(InputLimits.yamlDepth) levels deep (aliases expanded)",
                    at: location, hint: "flatten the structure, or use fewer nested aliases")
            }
            switch node {
            case .scalar(let scalar):
                let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                if !quoted, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                    return ConfigNode(.null, at: location)
                }
                if !passedOn { try YAMLFile.checkCharacters(scalar.string, at: location) }
                let literal = scalar.style == .literal || scalar.style == .folded
                let exact = !literal && (!scalar.string.contains("{{") || isVerbatim(scalar, at: location))
                return ConfigNode(
                    .scalar(scalar.string), at: location, isQuoted: quoted || literal,
                    hasExactColumns: exact)
            case .mapping(let mapping):
                var entries: [ConfigEntry] = []
                var seen: [String: SourceLocation] = [:]
                for (key, value) in mapping {
                    guard let keyText = key.scalar?.string else {
                        // `key: {{ var }}` parses as a mapping inside a mapping used as a key.
                        let unquotedTemplate = key.mapping != nil || value.mapping?.keys.contains { $0.mapping != nil } == true
                        throw Diagnostic(
                            "mapping keys must be plain strings", at: self.location(key, or: location),
                            hint: unquotedTemplate ? "a value starting with '{{' must be quoted: \"{{ … }}\"" : nil)
                    }
                    let keyLocation = self.location(key, or: location)
                    if !passedOn { try YAMLFile.checkCharacters(keyText, at: keyLocation) }
                    if keyText.count > InputLimits.keyLength {
                        throw Diagnostic(
                            "key has \(keyText.count) characters, more than the \(InputLimits.keyLength) allowed",
                            at: keyLocation, hint: "use a shorter key")
                    }
                    // Yams compares keys with their YAML types, so `on:` (a boolean) and `"on":` (a
                    // string) pass as different keys; virtfleet reads every key as text.
                    if let first = seen[keyText] {
                        throw Diagnostic(
                            "duplicate key '\(keyText)' in this mapping (also at \(first.line):\(first.column))",
                            at: keyLocation, hint: "each key may appear only once")
                    }
                    seen[keyText] = keyLocation
                    entries.append(
                        ConfigEntry(
                            key: keyText, keyLocation: keyLocation,
                            value: try convert(value, depth: depth + 1)))
                }
                return ConfigNode(.mapping(entries), at: location)
            case .sequence(let sequence):
                var items: [ConfigNode] = []
                items.reserveCapacity(sequence.count)
                for item in sequence { items.append(try convert(item, depth: depth + 1)) }
                return ConfigNode(.sequence(items), at: location)
            case .alias(let alias):
                if passedOn { return ConfigNode(.null, at: location) }
                throw Diagnostic(
                    "YAML aliases are not supported here (\(alias.anchor.rawValue))", at: location,
                    hint: "use 'extends:' in templates or variables instead")
            }
        }

        /// True when a plain or quoted scalar's value is its source text character for character on
        /// its first line, so a column inside the value is a column in the file.
        mutating func isVerbatim(_ scalar: Node.Scalar, at location: SourceLocation) -> Bool {
            if lines == nil { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }
            guard let lines, location.line >= 1, location.line <= lines.count, !scalar.string.contains("\n") else {
                return false
            }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let line = lines[location.line - 1].unicodeScalars
            let start = location.column - 1 + (quoted ? 1 : 0)
            guard start >= 0, start <= line.count else { return false }
            let source = line.dropFirst(start)
            guard source.starts(with: scalar.string.unicodeScalars) else { return false }
            let after = source.dropFirst(scalar.string.unicodeScalars.count)
            switch scalar.style {
            case .singleQuoted: return after.first == "'"
            case .doubleQuoted: return after.first == "\""
            default: return true
            }
        }
    }

    /// XML 1.0 cannot carry C0 control characters other than tab, newline and carriage return, nor
    /// U+FFFE/U+FFFF, and C libraries stop at NUL; such a value is refused where it is written.
    public static func checkCharacters(_ text: String, at location: SourceLocation) throws {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            guard (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF else { continue }
            let hex = String(v, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw Diagnostic(
                v == 0 ? "value contains a NUL character (\(code))" : "value contains the control character \(code)",
                at: location, hint: "XML cannot carry it; remove it (a YAML escape such as \"\\x01\" writes one)")
        }
    }

    private static func diagnostic(for error: YamlError, file: String, placeholder: Character?) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text), " } ?? ""
            return Diagnostic("YAML syntax error: \(prefix)\(problem)", at: at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let shown = duplicates.map { key in
                guard let placeholder, key.first == placeholder else { return key }
                return "*" + key.dropFirst()
            }
            let keys = shown.sorted().map { "'\($0)'" }.joined(separator: ", ")
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
