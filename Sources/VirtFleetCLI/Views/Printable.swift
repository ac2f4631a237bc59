import Foundation

/// Text from data (names, libvirt's messages, a saved plan's contents) made safe to print: control
/// characters, terminal escapes, bidirectional overrides and zero-width characters are shown as
/// `\u{…}` instead of acting on the terminal, so no value can forge or hide a line.
enum Printable {
    static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            if isHidden(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A message on one line: line breaks (QEMU's stderr inside libvirt errors) folded into " | ",
    /// then everything else that could act on the terminal escaped.
    static func line(_ value: String) -> String {
        text(value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | "))
    }

    /// A value cut to `limit` characters (with "…"), so one long name cannot widen every line.
    static func column(_ value: String, limit: Int = 40) -> String {
        let safe = text(value)
        return safe.count <= limit ? safe : String(safe.prefix(limit - 1)) + "…"
    }

    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0 and C1 controls, DEL (escape sequences, newlines)
        case 0x200B...0x200F, 0x2028...0x202E: true  // zero-width, line/paragraph separators, bidi embeddings
        case 0x2060...0x2064, 0x2066...0x2069: true  // word joiner, invisible operators, bidi isolates
        case 0xFEFF: true  // zero-width no-break space
        default: false
        }
    }
}
