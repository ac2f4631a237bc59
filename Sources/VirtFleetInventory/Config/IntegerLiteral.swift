import Foundation

/// Whole numbers as operators write them: decimal (leading zeros allowed), `0x` hex, `0o` octal,
/// `0b` binary. `leadingZeroOctal` reads `0755` as octal, as the domain format does for USB ids.
public enum IntegerLiteral {
    public static func parse(_ text: String, leadingZeroOctal: Bool = false) -> Int? {
        if let plain = Int(text), !leadingZeroOctal || text.first != "0" || text == "0" { return plain }
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var sign = 1
        if body.hasPrefix("-") { sign = -1; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
        let lower = body.lowercased()
        let value: Int?
        if lower.hasPrefix("0x") { value = Int(lower.dropFirst(2), radix: 16) }
        else if lower.hasPrefix("0o") { value = Int(lower.dropFirst(2), radix: 8) }
        else if lower.hasPrefix("0b") { value = Int(lower.dropFirst(2), radix: 2) }
        else if leadingZeroOctal, lower.count > 1, lower.hasPrefix("0") { value = Int(lower.dropFirst(), radix: 8) }
        else { value = Int(lower, radix: 10) }
        guard let value, !body.isEmpty, !body.contains("_") else { return nil }
        return sign * value
    }
}
