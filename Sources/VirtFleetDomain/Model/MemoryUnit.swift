/// Size units as libvirt spells them (any case): single letters and `iB` suffixes are powers of
/// 1024, `KB`, `MB`, `GB`, `TB`, `PB` powers of 1000, and `B` or `bytes` one byte. The one table
/// for every size virtfleet reads: a guest's memory (libvirt stores it in KiB, its default unit)
/// takes the units up to tera, a volume's capacity the peta ones too.
public enum MemoryUnit {
    /// Bytes per unit, keyed by the lower-cased unit name: every unit, peta included.
    public static let factors: [String: UInt64] = [
        "b": 1, "bytes": 1,
        "k": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gib": 1 << 30,
        "t": 1 << 40, "tib": 1 << 40, "p": 1 << 50, "pib": 1 << 50,
        "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000, "tb": 1_000_000_000_000, "pb": 1_000_000_000_000_000,
    ]

    /// The units too large for a guest's memory.
    static let petaUnits: Set<String> = ["p", "pib", "pb"]

    /// Bytes per memory unit, keyed by the lower-cased unit name: `factors` without the peta units.
    public static let bytes: [String: Double] = factors.filter { !petaUnits.contains($0.key) }.mapValues { Double($0) }

    /// KiB per unit, or nil for a unit not in the table.
    public static func kibibytes(per unit: String) -> Double? {
        bytes[unit.lowercased()].map { $0 / 1024 }
    }
}
