import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// Friendly memory sizes (`2GiB`, `512 MiB`, `1G`) as libvirt's KiB.
///
/// Units as in libvirt's domain format (see `MemoryUnit`); a bare number is KiB, libvirt's own default unit.
enum MemorySize {
    static func kibibytes(_ node: ConfigNode, _ what: String) throws -> Int {
        let text = try node.asString(what).trimmingCharacters(in: .whitespaces)
        let number = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        guard let value = Double(number), !number.isEmpty else {
            throw Diagnostic("'\(text)' is not a memory size", at: node.location, hint: "write it like 512MiB or 2GiB")
        }
        let bytes: Double
        if unit.isEmpty {
            bytes = value * 1024
        } else if let factor = MemoryUnit.bytes[unit] {
            bytes = value * factor
        } else {
            throw Diagnostic(
                "unknown memory unit '\(unit)' in '\(text)'", at: node.location,
                hint: Suggestion.hint(for: unit, in: ["KiB", "MiB", "GiB", "TiB", "MB", "GB"]))
        }
        let kib = bytes / 1024
        guard kib >= 1, kib <= Double(Int32.max) * 1024 * 64 else {
            throw Diagnostic("memory size '\(text)' is out of range", at: node.location)
        }
        guard kib == kib.rounded() else {
            throw Diagnostic("memory size '\(text)' is not a whole number of KiB", at: node.location)
        }
        return Int(kib)
    }
}
