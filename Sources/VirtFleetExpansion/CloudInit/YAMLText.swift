import VirtFleetInventory

/// YAML as virtfleet writes it into cloud-init documents: which inserted values are safe as they
/// are, the double-quoted form the `yaml` filter gives, and a block-style writer for `ConfigNode`
/// trees (the mapping form of `user_data`, `meta_data` and `network_config`).
enum YAMLText {
    /// True when `text` can be inserted into a YAML document as it is, wherever a value may stand
    /// (a plain scalar in block or flow context, or inside quotes), without changing the
    /// document's structure: one line of letters, digits, inner spaces and punctuation that is
    /// neither an indicator at the start nor a quote, escape, comment or flow character anywhere.
    /// Whatever YAML types such a value as (`8080`, `true`) it keeps: `| yaml` makes a string.
    static func isSafePlain(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, first != " ", last != " " else { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "/", "+", "=", "~", "^", "$", "(", ")", ";":
                continue
            case "-":
                // `-` alone or before a space starts a list item.
                if index == 0, next == nil || next == " " { return false }
            case ":":
                // `: ` or a final `:` makes a key; at the start it is an indicator.
                if index == 0 || next == nil || next == " " { return false }
            case " ":
                continue
            case "@", "%", "!", "&", "*", "|", ">", "<", "?":
                if index == 0 { return false }
            default:
                // Other ASCII (quotes, `\`, `#`, `,`, `[]{}`, `` ` ``, tab, controls) is never safe;
                // beyond ASCII, letters, digits and marks are.
                guard !scalar.isASCII else { return false }
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                    .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
                    continue
                default:
                    return false
                }
            }
        }
        return true
    }

    /// `text` as a double-quoted YAML scalar: always a string, on one line, any character escaped.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isPrintable(scalar), !isLineBreak(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// YAML 1.1's printable characters (what may appear unescaped).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
            return scalar.value != 0xFEFF
        default:
            return false
        }
    }

    /// Characters YAML 1.1 (PyYAML, which cloud-init uses) reads as line breaks besides `\n`.
    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        [0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    /// A literal block (`|`) keeps a multi-line string readable; it needs every character
    /// printable and no line break but `\n`.
    private static func fitsLiteralBlock(_ text: String) -> Bool {
        text.contains("\n") && text.unicodeScalars.allSatisfy { ($0 == "\n" || $0 == "\t" || isPrintable($0)) && !isLineBreak($0) }
    }

    // MARK: Writing trees

    /// The tree as a block-style YAML document (ends with a newline). Scalars that were plain in
    /// the source and still are safe plain text stay plain, so YAML types them as the source did
    /// (`true`, `8080`); quoted or block scalars stay strings.
    static func document(_ node: ConfigNode) -> String {
        var out = ""
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            mapping(entries, indent: 0, into: &out)
        case .sequence(let items) where !items.isEmpty:
            sequence(items, indent: 0, into: &out)
        default:
            out += inline(node, indent: 0) + "\n"
        }
        return out
    }

    /// Keys are read as text from the source; one YAML 1.1 would read as a boolean, null or
    /// number (`on`, `~`, `1`) is quoted so it stays the text it was.
    private static func key(_ text: String) -> String {
        let retyped =
            ["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "<<", "="].contains(text.lowercased())
            || text.first.map { $0.isNumber || "+-.".contains($0) } == true
        return isSafePlain(text) && !text.contains(" ") && !retyped ? text : doubleQuoted(text)
    }

    private static func mapping(_ entries: [ConfigEntry], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for entry in entries {
            out += pad + key(entry.key) + ":"
            afterIndicator(entry.value, indent: indent + 2, into: &out)
        }
    }

    private static func sequence(_ items: [ConfigNode], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            out += pad + "-"
            switch item.value {
            case .mapping(let entries) where !entries.isEmpty:
                // `- key: value` with the rest of the mapping aligned under the first key.
                var nested = ""
                mapping(entries, indent: indent + 2, into: &nested)
                out += " " + nested.dropFirst(indent + 2)
            case .sequence(let inner) where !inner.isEmpty:
                var nested = ""
                sequence(inner, indent: indent + 2, into: &nested)
                out += " " + nested.dropFirst(indent + 2)
            default:
                afterIndicator(item, indent: indent + 2, into: &out)
            }
        }
    }

    /// What follows `key:` or `-`: a nested collection on the next lines, or ` value`.
    private static func afterIndicator(_ node: ConfigNode, indent: Int, into out: inout String) {
        switch node.value {
        case .mapping(let entries) where !entries.isEmpty:
            out += "\n"
            mapping(entries, indent: indent, into: &out)
        case .sequence(let items) where !items.isEmpty:
            out += "\n"
            sequence(items, indent: indent, into: &out)
        default:
            out += " " + inline(node, indent: indent) + "\n"
        }
    }

    /// A scalar, null or empty collection; a literal block's lines go at `indent`.
    private static func inline(_ node: ConfigNode, indent: Int) -> String {
        switch node.value {
        case .null: return "null"
        case .mapping: return "{}"
        case .sequence: return "[]"
        case .scalar(let text):
            if !node.isQuoted, isSafePlain(text) { return text }
            guard fitsLiteralBlock(text) else { return doubleQuoted(text) }
            let pad = String(repeating: " ", count: indent)
            var body = text
            var trailing = 0
            while body.hasSuffix("\n") {
                body.removeLast()
                trailing += 1
            }
            let chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
            // An explicit indentation when the first line starts with a space or is empty.
            let indicator = text.hasPrefix(" ") || text.hasPrefix("\n") ? "2" : ""
            var block = "|" + indicator + chomp
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                block += "\n" + (line.isEmpty ? "" : pad + line)
            }
            block += String(repeating: "\n", count: max(0, trailing - 1))
            return block
        }
    }
}
