/// The one reader of whole numbers written as text, in inventories, templates, profiles and
/// domain documents. Digits are ASCII only (a full-width `１２` is not a number), a value that does
/// not fit in `Int` is rejected rather than wrapped or read as 0, and there is at most one sign.
/// What else a caller accepts is its `Syntax`.
public enum IntegerLiteral {
    public struct Syntax: OptionSet, Hashable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// One leading `+` or `-`.
        public static let sign = Syntax(rawValue: 1 << 0)
        /// `0x1f` (any case of `x` and the digits).
        public static let hexPrefix = Syntax(rawValue: 1 << 1)
        /// `0o17` and `0b101`.
        public static let octalAndBinaryPrefixes = Syntax(rawValue: 1 << 2)
        /// `0755` is octal, as in C and the domain format's USB ids; otherwise it is decimal 755.
        public static let leadingZeroOctal = Syntax(rawValue: 1 << 3)
        /// Spaces and tabs before and after the number.
        public static let surroundingSpace = Syntax(rawValue: 1 << 4)

        /// As operators write numbers in inventories, templates and profiles: decimal (leading
        /// zeros allowed), `0x` hex, `0o` octal, `0b` binary, a sign, and spaces around.
        public static let written: Syntax = [.sign, .hexPrefix, .octalAndBinaryPrefixes, .surroundingSpace]
        /// As the 2008 domain format wrote USB ids (C's `strtol` with base 0): decimal, `0x` hex,
        /// `0`-prefixed octal and a sign; no spaces.
        public static let domainFormat: Syntax = [.sign, .hexPrefix, .leadingZeroOctal]
    }

    /// `text` read as `written`, with `0755` octal when `leadingZeroOctal` is set; nil if it is not one.
    public static func parse(_ text: String, leadingZeroOctal: Bool = false) -> Int? {
        parse(text, syntax: leadingZeroOctal ? Syntax.written.union(.leadingZeroOctal) : .written)
    }

    /// `text` as one whole number in `syntax`, or nil. An empty `syntax` takes plain decimal digits.
    public static func parse(_ text: String, syntax: Syntax) -> Int? {
        var body = Substring(text)
        if syntax.contains(.surroundingSpace) {
            while let first = body.first, first == " " || first == "\t" { body.removeFirst() }
            while let last = body.last, last == " " || last == "\t" { body.removeLast() }
        }
        var negative = false
        if syntax.contains(.sign), let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body.removeFirst()
        }
        var radix = 10
        switch body.prefix(2).lowercased() {
        case "0x" where syntax.contains(.hexPrefix): radix = 16
        case "0o" where syntax.contains(.octalAndBinaryPrefixes): radix = 8
        case "0b" where syntax.contains(.octalAndBinaryPrefixes): radix = 2
        default: break
        }
        if radix != 10 {
            body.removeFirst(2)
        } else if syntax.contains(.leadingZeroOctal), body.count > 1, body.first == "0" {
            radix = 8
            body.removeFirst()
        }
        return value(of: body, radix: radix, negative: negative)
    }

    /// Accumulates on the negative side, so `Int.min` fits too.
    private static func value(of digits: Substring, radix: Int, negative: Bool) -> Int? {
        guard !digits.isEmpty else { return nil }
        var total = 0
        for character in digits {
            guard let digit = digitValue(character), digit < radix else { return nil }
            let (shifted, overflowA) = total.multipliedReportingOverflow(by: radix)
            let (next, overflowB) = shifted.subtractingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            total = next
        }
        if negative { return total }
        let (positive, overflow) = total.multipliedReportingOverflow(by: -1)
        return overflow ? nil : positive
    }

    private static func digitValue(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(ascii - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(ascii - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
