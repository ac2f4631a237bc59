import VirtFleetDiagnostics

/// The one rule for names virtfleet uses as file names and in libvirt metadata: fleet, host,
/// group and guest names are plain ASCII letters, digits, `.`, `_` and `-`, never starting with
/// `.`. Guests differ in three ways, each a field of `Rule`: `+` is allowed, a leading `-` is
/// not, and at most 200 characters.
public enum Names {
    public struct Rule: Sendable {
        /// `+` is allowed besides letters, digits, `.`, `_` and `-`.
        public var allowsPlus: Bool
        /// The name may start with `-` (never with `.`).
        public var allowsLeadingDash: Bool
        public var maximumLength: Int?

        /// Fleet, host and group names.
        public static let inventory = Rule(
            allowsPlus: false, allowsLeadingDash: true,
            maximumLength: InputLimits.nameLength)
        /// Guest (libvirt domain) names.
        public static let guest = Rule(allowsPlus: true, allowsLeadingDash: false, maximumLength: 200)
        /// Volume names: one file name in a pool's folder (a guest name and a suffix fit), never a path.
        public static let volume = Rule(allowsPlus: true, allowsLeadingDash: false, maximumLength: 250)

        func allows(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue else { return false }
            switch ascii {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            case UInt8(ascii: "+"):
                return allowsPlus
            default:
                return false
            }
        }

        var hint: String {
            (allowsPlus ? "use letters, digits, '.', '_', '+' and '-'" : "use letters, digits, '.', '_' and '-'")
                + (allowsLeadingDash ? "" : ", not starting with '.' or '-'")
        }

        public func accepts(_ name: String) -> Bool {
            !name.isEmpty && name.count <= (maximumLength ?? .max) && name.allSatisfy(allows)
                && !name.hasPrefix(".") && (allowsLeadingDash || !name.hasPrefix("-"))
        }
    }

    public static func check(_ name: String, what: String, at location: SourceLocation, rule: Rule = .inventory) throws {
        if let maximum = rule.maximumLength, name.count > maximum {
            throw Diagnostic(
                "\(what) name has \(name.count) characters, more than the \(maximum) allowed", at: location,
                hint: "use a shorter name")
        }
        guard rule.accepts(name) else {
            throw Diagnostic("'\(name)' is not a valid \(what) name", at: location, hint: rule.hint)
        }
    }

    /// A volume name: one file name in its pool's folder. A path is refused with its own message.
    public static func checkVolume(_ name: String, at location: SourceLocation) throws {
        if name.contains("/") || name == "." || name == ".." {
            throw Diagnostic(
                "volume name '\(name)' is a path", at: location,
                hint: "a volume name is one file name in its pool's folder, without '/' or '..'")
        }
        try check(name, what: "volume", at: location, rule: .volume)
    }
}
