import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain

/// libvirt recomputes `<memory>` of a domain with NUMA cells (`<cpu><numa><cell memory=…>`): it
/// stores the sum of the cells plus the sizes of its memory devices (`<devices><memory>`), whatever
/// `<memory>` said. A document whose `<memory>` disagrees is accepted, but what libvirt keeps is
/// not what was written; this says so, and what to write instead.
enum NUMAMemory {
    /// A warning when the domain has NUMA cells and its `<memory>` is not their sum plus its memory
    /// devices; nil when they agree, or when a size cannot be read (the schema check reports those).
    static func check(_ root: DomainXMLElement, template: String, file: String) -> Warning? {
        let cells = root.first("cpu")?.first("numa")?.elements(named: "cell") ?? []
        guard !cells.isEmpty, let memory = root.first("memory"),
            let declared = kibibytes(memory.text, unit: memory[attribute: "unit"])
        else { return nil }
        var total: UInt64 = 0
        for cell in cells {
            guard let text = cell[attribute: "memory"], let size = kibibytes(text, unit: cell[attribute: "unit"]) else { return nil }
            total += size
        }
        let devices = root.first("devices")?.elements(named: "memory") ?? []
        for device in devices {
            guard let size = device.first("target")?.first("size") else { continue }
            guard let value = kibibytes(size.text, unit: size[attribute: "unit"]) else { return nil }
            total += value
        }
        guard total != declared else { return nil }
        let parts =
            devices.isEmpty ? "its \(cells.count) NUMA cell(s)" : "its \(cells.count) NUMA cell(s) and \(devices.count) memory device(s)"
        return Warning(
            "<memory> is \(declared) KiB but \(parts) add up to \(total) KiB; libvirt stores the sum, \(total) KiB",
            at: RawDomainDocument.location(of: "<memory\\b", in: template, file: file),
            hint: "write <memory unit='KiB'>\(total)</memory>, or change the cells")
    }

    /// A size in KiB as libvirt keeps it (rounded up to whole KiB); nil for what is not a
    /// non-negative decimal number with a known unit.
    static func kibibytes(_ text: String, unit: String?) -> UInt64? {
        let digits = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = UInt64(digits), let perUnit = MemoryUnit.bytes[(unit ?? "KiB").lowercased()] else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: UInt64(perUnit))
        guard !overflow else { return nil }
        return bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1)
    }
}
