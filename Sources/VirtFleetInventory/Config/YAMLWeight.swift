import VirtFleetDiagnostics
import Yams

/// Counts a YAML document's values with every alias expanded, before Yams resolves a single alias.
/// Yams compares mapping keys by hashing them whole, so an alias bomb used as a key would take
/// exponential time inside Yams; this pass stops such a document first, in time and memory linear
/// in its text.
///
/// It works through Yams' public API only (Yams keeps libyaml to itself). The document is first
/// composed with every `*` byte replaced by a placeholder byte: no alias is left to resolve, and
/// each former alias `*name` becomes the plain scalar `~name` (or another placeholder) with the same
/// marks, since one ASCII byte stands for another. Where `*` was ordinary text (in quotes, comments,
/// block scalars, tags), the placeholder is ordinary text too; a plain scalar cannot start with `*`,
/// so a plain scalar starting with the placeholder is exactly a former alias. The weights are then
/// summed over that tree in document order, as libyaml's events come: anchors take effect when
/// their value ends, and an alias adds the weight and depth its anchor had then.
enum YAMLWeight {
    /// The bytes that may stand for `*`: legal wherever `*` is ordinary (plain and quoted scalars,
    /// tag URIs), not alphanumeric (an anchor name ends where it ended), no YAML indicator (a plain
    /// scalar may start with it), and no double-quoted escape.
    private static let placeholders: [UInt8] = Array("~=+$;()".utf8)

    /// The text to compose for counting and the placeholder that marks former aliases in it; nil
    /// when the text has no `*`, so it has no alias and can be composed as it is.
    ///
    /// The placeholder is a byte the text does not contain, so no plain scalar of the document
    /// itself is taken for an alias. Should the text contain all of them, `~` is used: a plain
    /// scalar `~name` is then counted as an alias of `name`, which can only count too much.
    static func neutralized(_ text: String) -> (text: String, placeholder: Character)? {
        let bytes = Array(text.utf8)
        let star = UInt8(ascii: "*")
        guard bytes.contains(star) else { return nil }
        let present = Set(bytes)
        let placeholder = placeholders.first { !present.contains($0) } ?? UInt8(ascii: "~")
        let replaced = bytes.map { $0 == star ? placeholder : $0 }
        return (String(decoding: replaced, as: UTF8.self), Character(Unicode.Scalar(placeholder)))
    }

    /// Throws when the expanded document has more than `InputLimits.yamlNodes` values or nests
    /// deeper than `InputLimits.yamlDepth`. `root` comes from composing `neutralized(text).text`
    /// (or the text itself when it has no `*`); the parser that made it must still be alive, since
    /// Yams holds anchors weakly. libyaml limits nesting to 1000 levels, bounding the recursion.
    static func check(_ root: Node, aliasPlaceholder placeholder: Character?, file: String) throws {
        var counter = Counter(file: file, placeholder: placeholder)
        try counter.visit(root)
    }

    private struct Counter {
        let file: String
        let placeholder: Character?
        /// Per anchor: values and nesting depth of what it names.
        var anchors: [String: (weight: Int, depth: Int)] = [:]
        /// Open collections: values so far, deepest child depth.
        var open: [(weight: Int, depth: Int)] = []
        var total = 0

        mutating func add(weight: Int, depth: Int, at mark: Mark?) throws {
            total += weight
            let level = open.count + depth
            guard total <= InputLimits.yamlNodes, level <= InputLimits.yamlDepth else {
                let location = SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
                if total > InputLimits.yamlNodes {
                    throw Diagnostic(
                        "YAML document has more than \(InputLimits.yamlNodes) values (aliases expanded)",
                        at: location, hint: "an alias repeats its whole anchored value; use fewer or smaller aliases")
                }
                throw Diagnostic(
                    "YAML value nested more than \(InputLimits.yamlDepth) levels deep (aliases expanded)",
                    at: location, hint: "flatten the structure, or use fewer nested aliases")
            }
            if !open.isEmpty {
                open[open.count - 1].weight += weight
                open[open.count - 1].depth = max(open[open.count - 1].depth, depth)
            }
        }

        /// The anchor name of a former alias: the placeholder, then libyaml's anchor characters.
        func aliasName(_ scalar: Node.Scalar) -> String? {
            guard let placeholder, scalar.style == .plain, scalar.string.first == placeholder else { return nil }
            let name = scalar.string.dropFirst().unicodeScalars.prefix {
                switch $0.value {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F: return true
                default: return false
                }
            }
            return name.isEmpty ? nil : String(String.UnicodeScalarView(name))
        }

        mutating func visit(_ node: Node) throws {
            switch node {
            case .scalar(let scalar):
                if let alias = aliasName(scalar) {
                    // An alias of an anchor not defined yet is Yams' error to report, later.
                    if let named = anchors[alias] { try add(weight: named.weight, depth: named.depth, at: scalar.mark) }
                    return
                }
                try add(weight: 1, depth: 1, at: scalar.mark)
                if let anchor = scalar.anchor { anchors[anchor.rawValue] = (1, 1) }
            case .mapping(let mapping):
                open.append((0, 0))
                for (key, value) in mapping {
                    try visit(key)
                    try visit(value)
                }
                try close(anchor: mapping.anchor, at: mapping.mark)
            case .sequence(let sequence):
                open.append((0, 0))
                for item in sequence { try visit(item) }
                try close(anchor: sequence.anchor, at: sequence.mark)
            case .alias(let alias):
                // Yams' parser resolves aliases itself and never makes this node.
                if let named = anchors[alias.anchor.rawValue] { try add(weight: named.weight, depth: named.depth, at: alias.mark) }
            }
        }

        mutating func close(anchor: Anchor?, at mark: Mark?) throws {
            guard let closed = open.popLast() else { return }
            let weight = closed.weight + 1
            let depth = closed.depth + 1
            if let anchor { anchors[anchor.rawValue] = (weight, depth) }
            // The collection's children were counted in `total` already; add only itself.
            total -= closed.weight
            try add(weight: weight, depth: depth, at: mark)
        }
    }
}
