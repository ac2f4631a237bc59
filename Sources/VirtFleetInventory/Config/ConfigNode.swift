import VirtFleetDiagnostics

/// A YAML value with the place it came from, independent of the YAML library.
///
/// Everything after loading (template inheritance, interpolation, decoding into the domain
/// model) works on this tree, so every later error can still name `file:line:column`.
public struct ConfigNode: Hashable, Sendable {
    public indirect enum Value: Hashable, Sendable {
        case scalar(String)
        case mapping([ConfigEntry])
        case sequence([ConfigNode])
        case null
    }

    public var value: Value
    public var location: SourceLocation
    /// True when the scalar was quoted in the source, so `"yes"` stays a string and
    /// columns of interpolations inside it are one further right.
    public var isQuoted: Bool
    /// False when the scalar's text is not its source character for character (a block `|`/`>`
    /// scalar, a folded multi-line one, or one with escapes): positions inside it are then not
    /// exact, and errors point at the scalar's start and say "in this value".
    public var hasExactColumns: Bool

    public init(_ value: Value, at location: SourceLocation, isQuoted: Bool = false, hasExactColumns: Bool = true) {
        self.value = value
        self.location = location
        self.isQuoted = isQuoted
        self.hasExactColumns = hasExactColumns
    }

    public static func scalar(_ text: String, at location: SourceLocation) -> ConfigNode {
        ConfigNode(.scalar(text), at: location)
    }

    public var scalar: String? {
        if case .scalar(let s) = value { return s }
        return nil
    }

    public var entries: [ConfigEntry]? {
        if case .mapping(let e) = value { return e }
        return nil
    }

    public var items: [ConfigNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The value for `key` in a mapping, if present.
    public subscript(key: String) -> ConfigNode? {
        entries?.last { $0.key == key }?.value
    }

    /// A word for the node's kind, for error messages.
    public var kindName: String {
        switch value {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .null: "null"
        }
    }
}

/// One `key: value` pair of a mapping; the key keeps its own location for "unknown key" errors.
public struct ConfigEntry: Hashable, Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: ConfigNode

    public init(key: String, keyLocation: SourceLocation, value: ConfigNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
