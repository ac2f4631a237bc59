/// Every bound virtfleet puts on offline input, in one place, so hostile or mistaken files end in
/// a located error instead of a crash, a hang or unbounded memory. Documented in
/// docs/inventory.md ("Limits"); each is reported with a hint when crossed.
public enum InputLimits {
    /// Bytes in one inventory or template file.
    public static let fileBytes = 16 * 1024 * 1024
    /// Nested mappings and lists in one YAML document, aliases expanded.
    public static let yamlDepth = 64
    /// Values (scalars, mappings, lists) in one YAML document, aliases expanded.
    public static let yamlNodes = 1_000_000
    /// Templates in one `extends` chain (the template itself included).
    public static let extendsDepth = 32
    /// Guests in the whole fleet unless `limits: { guests: N }` says otherwise.
    public static let defaultGuests = 100_000
    /// The largest `limits.guests` an inventory may set.
    public static let maximumGuests = 10_000_000
    /// Characters in a fleet, host or group name (guest names: 200, see `Names.Rule.guest`).
    public static let nameLength = 200
    /// Characters in a variable name or a mapping key.
    public static let keyLength = 200
    /// Characters one `{{ }}` interpolation may produce, and one interpolated value may grow to.
    public static let interpolatedLength = 1_048_576
    /// The widest `pad(n)`.
    public static let padWidth = 64
}
