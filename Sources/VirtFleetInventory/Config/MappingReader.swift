import Foundation
import VirtFleetDiagnostics

/// Typed, located access to a mapping's keys; any key not in `allowed` is an error
/// with a "did you mean" hint.
///
/// Decoders throw the first problem within one mapping; callers decide how far to keep going.
public struct MappingReader {
    public let node: ConfigNode
    public let context: String
    private let entries: [ConfigEntry]

    /// - Parameter context: what the mapping is, for messages (`host 'kvm01'`, `disk`).
    public init(_ node: ConfigNode, context: String, allowed: [String]) throws {
        guard let entries = node.entries else {
            if node.isNull {
                self.node = node
                self.context = context
                self.entries = []
                return
            }
            throw Diagnostic("\(context) must be a mapping, not \(node.kindName)", at: node.location)
        }
        for entry in entries where !allowed.contains(entry.key) {
            throw Diagnostic(
                "unknown key '\(entry.key)' in \(context)", at: entry.keyLocation,
                hint: Suggestion.hint(for: entry.key, in: allowed))
        }
        self.node = node
        self.context = context
        self.entries = entries
    }

    public var keys: [String] { entries.map(\.key) }

    public func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The node for `key`; null values count as absent.
    public func node(_ key: String) -> ConfigNode? {
        guard let node = entries.last(where: { $0.key == key })?.value, !node.isNull else { return nil }
        return node
    }

    public func entry(_ key: String) -> ConfigEntry? {
        entries.last { $0.key == key }
    }

    public func required(_ key: String) throws -> ConfigNode {
        guard let node = node(key) else {
            throw Diagnostic("\(context) is missing required key '\(key)'", at: self.node.location)
        }
        return node
    }

    public func string(_ key: String) throws -> String? {
        try node(key).map { try $0.asString(key) }
    }

    public func requiredString(_ key: String) throws -> String {
        try required(key).asString(key)
    }

    public func int(_ key: String, range: ClosedRange<Int>? = nil) throws -> Int? {
        try node(key).map { try $0.asInt(key, range: range) }
    }

    public func bool(_ key: String) throws -> Bool? {
        try node(key).map { try $0.asBool(key) }
    }

    public func `enum`<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws -> E?
    where E.RawValue == String {
        // YAML reads a bare `null` as no value; where "null" is itself a choice (a null
        // character device), the key being present means that choice.
        if let entry = entry(key), entry.value.isNull, let choice = E(rawValue: "null") { return choice }
        return try node(key).map { try $0.asEnum(key, type) }
    }

    /// A list of strings; a single scalar is accepted as a one-element list.
    public func strings(_ key: String) throws -> [String] {
        guard let node = node(key) else { return [] }
        if node.scalar != nil { return [try node.asString(key)] }
        guard let items = node.items else {
            throw Diagnostic("'\(key)' must be a list of strings, not \(node.kindName)", at: node.location)
        }
        return try items.map { try $0.asString(key) }
    }

    /// A list of nodes; a single value is accepted as a one-element list.
    public func list(_ key: String) throws -> [ConfigNode] {
        guard let node = node(key) else { return [] }
        return node.items ?? [node]
    }
}

extension ConfigNode {
    public func asString(_ what: String) throws -> String {
        guard let text = scalar else {
            throw Diagnostic("'\(what)' must be a string, not \(kindName)", at: location)
        }
        return text
    }

    public func asInt(_ what: String, range: ClosedRange<Int>? = nil) throws -> Int {
        guard let text = scalar else {
            throw Diagnostic("'\(what)' must be a whole number, not \(kindName)", at: location)
        }
        guard let value = IntegerLiteral.parse(text) else {
            throw Diagnostic("'\(what)' must be a whole number, not '\(text)'", at: location)
        }
        if let range, !range.contains(value) {
            throw Diagnostic(
                "'\(what)' must be between \(range.lowerBound) and \(range.upperBound), not \(value)",
                at: location)
        }
        return value
    }

    public func asBool(_ what: String) throws -> Bool {
        let text = try asString(what)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            throw Diagnostic("'\(what)' must be true or false, not '\(text)'", at: location)
        }
    }

    public func asEnum<E: RawRepresentable & CaseIterable>(_ what: String, _ type: E.Type) throws -> E
    where E.RawValue == String {
        let text = try asString(what)
        if let value = E(rawValue: text) { return value }
        let allowed = E.allCases.map(\.rawValue)
        throw Diagnostic("'\(text)' is not a valid \(what)", at: location, hint: Suggestion.hint(for: text, in: allowed))
    }
}
