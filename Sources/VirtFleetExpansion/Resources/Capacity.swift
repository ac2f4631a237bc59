import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Volume capacities (`10GiB`, `512 MiB`, `2TB`): a whole number and a unit, as bytes.
///
/// A unit is required (a bare `10` is too easily meant as GiB), one of `MemoryUnit.factors`, the
/// table memory sizes read too: binary units (`K`, `KiB`, …, `P`, `PiB`) are powers of 1024,
/// decimal ones (`KB`, …, `PB`) powers of 1000, and `B` or `bytes` is one byte, as libvirt reads
/// them. The result must be a whole number of 512-byte sectors (QEMU rounds other sizes up, which
/// would show as a difference on every plan) and at most `maximum`.
enum Capacity {
    /// 2^63 - 512: the largest sector-aligned size that fits QEMU's signed 64-bit sizes.
    static let maximum: UInt64 = UInt64(Int64.max) - 511

    static func bytes(_ node: ConfigNode) throws -> UInt64 {
        let text = try node.asString("capacity").trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty else {
            throw Diagnostic(
                "'\(text)' is not a capacity", at: node.location, hint: "write a whole number and a unit, such as 10GiB or 512MiB")
        }
        guard !unit.isEmpty else {
            throw Diagnostic("capacity '\(text)' has no unit", at: node.location, hint: "add one, such as \(text)GiB or \(text)B for bytes")
        }
        guard let factor = MemoryUnit.factors[unit.lowercased()] else {
            throw Diagnostic(
                "unknown capacity unit '\(unit)' in '\(text)'", at: node.location,
                hint: Suggestion.hint(for: unit, in: ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "KB", "MB", "GB", "TB", "PB"]))
        }
        guard let value = UInt64(digits) else {
            throw Diagnostic("capacity '\(text)' is too large", at: node.location, hint: "the largest is \(maximum) bytes (8 EiB)")
        }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow, bytes <= maximum else {
            throw Diagnostic("capacity '\(text)' is too large", at: node.location, hint: "the largest is \(maximum) bytes (8 EiB)")
        }
        guard bytes > 0 else {
            throw Diagnostic("capacity '\(text)' is zero", at: node.location, hint: "give the volume a size, such as 10GiB")
        }
        guard bytes % 512 == 0 else {
            throw Diagnostic(
                "capacity '\(text)' is \(bytes) bytes, not a whole number of 512-byte sectors", at: node.location,
                hint: "QEMU would round it up to \((bytes / 512 + 1) * 512); use a size in KiB, MiB or GiB")
        }
        return bytes
    }
}
