import VirtFleetInventory

/// YAML as virtfleet writes it into cloud-init documents: which inserted values are safe as they
/// are, the double-quoted form the `yaml` filter gives, and a block-style writer for `ConfigNode`
/// trees (the mapping form of `user_data`, `meta_data` and `network_config`).
enum YAMLText {
    /// True when `text` can be inserted into a YAML document as it is, wherever a value may stand
    /// (a plain scalar in block or flow context, alone or inside a longer plain value, or inside
    /// quotes), without changing the document's structure: one line of letters, digits, inner
    /// spaces and punctuation that is neither an indicator at the start nor a quote, escape,
    /// comment, flow character or `?` (which ends a plain value in a flow collection) anywhere.
    /// The rules are PyYAML's (cloud-init's parser; 5.1 and later), narrowed to what holds in every
    /// place. Whatever YAML 1.1 types such a value as (`8080`, `true`, `~`) it keeps: `| yaml`
    /// makes a string. A value PyYAML would type but then fail to build is refused (`=`, `0x_`,
    /// `2023-02-29`): see `buildsInPyYAML`.
    static func isSafePlain(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, first != " ", last != " " else { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "/", "+", "=", "~", "^", "$", "(", ")", ";", " ":
                continue
            case "-":
                // `-` alone or before a space starts a list item.
                if index == 0, next == nil || next == " " { return false }
            case ":":
                // `: ` or a final `:` makes a key; at the start it is an indicator.
                if index == 0 || next == nil || next == " " { return false }
            case "@", "%", "!", "&", "*", "|", ">", "<":
                if index == 0 { return false }
            default:
                // Other ASCII (quotes, `\`, `#`, `,`, `?`, `[]{}`, `` ` ``, tab, controls) is never
                // safe; beyond ASCII, letters, digits and marks are.
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
        return buildsInPyYAML(text)
    }

    /// The lowest limit Python can be set to on the digits of an integer it converts from text
    /// (`sys.int_info.str_digits_check_threshold`, 640; the limit itself, `max_str_digits`, is
    /// 4300 by default).
    static let integerDigitLimit = 640

    /// Whether PyYAML's safe loader can build the value it resolves plain `text` to. It cannot
    /// build `=` (YAML 1.1's `value` tag) or `<<` (`merge`, except as a key), an integer without
    /// digits (`0b_`, `0x__`) or longer than Python may convert, or a timestamp that names no date
    /// or time (`2023-02-29`, `24:00:00`, an offset of a day). The patterns are PyYAML's implicit
    /// resolvers for `int` and `timestamp`; a `float`, `bool` or `null` always builds.
    static func buildsInPyYAML(_ text: String) -> Bool {
        if text == "=" || text == "<<" { return false }
        guard let first = text.unicodeScalars.first, "+-0123456789".unicodeScalars.contains(first) else { return true }
        let integer =
            #/
            [-+]? (?: 0b (?<binary>[0-1_]+) | 0[0-7_]+ | 0 | [1-9][0-9_]* | 0x (?<hex>[0-9a-fA-F_]+)
            | [1-9][0-9_]* (?: :[0-5]?[0-9] )+ )
            /#
        if let match = try? integer.matchingSemantics(.unicodeScalar).wholeMatch(in: text) {
            if let digits = match.output.binary ?? match.output.hex, digits.allSatisfy({ $0 == "_" }) { return false }
            return text.unicodeScalars.count <= integerDigitLimit
        }
        let timestamp =
            #/
            (?<year>[0-9]{4}) - (?<month>[0-9]{1,2}) - (?<day>[0-9]{1,2})
            (?: (?: [Tt] | [\x20\t]+ ) (?<hour>[0-9]{1,2}) : (?<minute>[0-9]{2}) : (?<second>[0-9]{2}) (?: \.[0-9]* )?
                (?: [\x20\t]* (?: Z | [-+] (?<offsetHours>[0-9]{1,2}) (?: : (?<offsetMinutes>[0-9]{2}) )? ) )? )?
            /#
        guard let match = try? timestamp.matchingSemantics(.unicodeScalar).wholeMatch(in: text) else { return true }
        let time = match.output
        // Without a time, only `YYYY-MM-DD` is a timestamp; `2001-1-1` is a string.
        if time.hour == nil, time.month.count != 2 || time.day.count != 2 { return true }
        let number = { (digits: Substring?) in digits.flatMap { Int($0) } ?? 0 }
        let (year, month, day) = (number(time.year), number(time.month), number(time.day))
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let offset = number(time.offsetHours) * 60 + number(time.offsetMinutes)
        return day <= days && number(time.hour) <= 23 && number(time.minute) <= 59 && number(time.second) <= 59
            && offset < 24 * 60
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

    // MARK: Adding to a mapping's text

    /// `text`, a YAML document whose root (`root`, as parsed) is a mapping, with `entries` (key and
    /// value, each written as YAML) added and everything else kept as written: in a mapping written
    /// in flow style (`{…}`) first, right after its `{`; after a block mapping, at its indentation.
    static func adding(_ entries: [(key: String, value: String)], toMapping text: String, root: ConfigNode) -> String {
        let lines = entries.map { "\($0.key): \($0.value)" }
        let scalars = Array(text.unicodeScalars)
        guard let brace = flowMappingStart(scalars) else {
            let pad = String(repeating: " ", count: max(0, root.location.column - 1))
            return text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + lines.map { pad + $0 + "\n" }.joined()
        }
        let next = brace + 1 < scalars.count ? scalars[brace + 1] : nil
        let spaced = next.map { " \t\r\n".unicodeScalars.contains($0) } ?? false
        let separator = root.entries?.isEmpty ?? true ? "" : spaced ? "," : ", "
        let inserted = (next == " " ? " " : "") + lines.joined(separator: ", ") + separator
        var out = String.UnicodeScalarView(scalars[...brace])
        out.append(contentsOf: inserted.unicodeScalars)
        out.append(contentsOf: scalars[(brace + 1)...])
        return String(out)
    }

    /// Where the `{` of a root written in flow style is: the first thing in the document past white
    /// space, comments, directives, the `---` marker and the root's anchor or tag. nil for a root
    /// in block style.
    private static func flowMappingStart(_ scalars: [Unicode.Scalar]) -> Int? {
        var index = 0
        var atLineStart = true
        func skip(while condition: (Unicode.Scalar) -> Bool) {
            while index < scalars.count, condition(scalars[index]) { index += 1 }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let startsLine = atLineStart
            atLineStart = false
            switch scalar {
            case "\n":
                index += 1
                atLineStart = true
            case " ", "\t", "\r", "\u{FEFF}":
                index += 1
            case "#":
                skip { $0 != "\n" }
            case "%" where startsLine:
                skip { $0 != "\n" }
            case "-"
            where startsLine && scalars[index...].starts(with: "---".unicodeScalars)
                && (index + 3 == scalars.count || " \t\r\n".unicodeScalars.contains(scalars[index + 3])):
                index += 3
            case "&", "!":
                skip { !" \t\r\n".unicodeScalars.contains($0) }
            case "{":
                return index
            default:
                return nil
            }
        }
        return nil
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
            // A block scalar's lines at the root are indented too: at column 0 they would be empty.
            out += inline(node, indent: 2) + "\n"
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
            // Clipping keeps one final line break only after content: a text of line breaks alone
            // keeps them all.
            let chomp = trailing == 0 ? "-" : trailing == 1 && !body.isEmpty ? "" : "+"
            // An explicit indentation when the first line starts with white space or is empty, so
            // the parser does not take the indentation from it.
            let indicator = text.hasPrefix(" ") || text.hasPrefix("\t") || text.hasPrefix("\n") ? "2" : ""
            var block = "|" + indicator + chomp
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                block += "\n" + (line.isEmpty ? "" : pad + line)
            }
            block += String(repeating: "\n", count: max(0, trailing - 1))
            return block
        }
    }
}
