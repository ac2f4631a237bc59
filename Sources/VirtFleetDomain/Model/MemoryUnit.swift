/// Memory units as the domain format spells them (any case): single letters and `iB` suffixes
/// are powers of 1024, `KB`, `MB`, `GB`, `TB` are powers of 1000. libvirt stores every size
/// in KiB, its default unit.
public enum MemoryUnit {
    /// Bytes per unit, keyed by the lower-cased unit name.
    public static let bytes: [String: Double] = [
        "b": 1, "bytes": 1,
        "k": 1024, "kib": 1024, "m": 1024 * 1024, "mib": 1024 * 1024,
        "g": 1024 * 1024 * 1024, "gib": 1024 * 1024 * 1024, "t": 1024 * 1024 * 1024 * 1024, "tib": 1024 * 1024 * 1024 * 1024,
        "kb": 1000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000,
    ]

    /// KiB per unit, or nil for a unit not in the table.
    public static func kibibytes(per unit: String) -> Double? {
        bytes[unit.lowercased()].map { $0 / 1024 }
    }
}
