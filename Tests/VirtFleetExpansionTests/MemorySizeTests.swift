import Testing
import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

@testable import VirtFleetExpansion

/// Friendly memory sizes in a profile, read with the domain format's unit table.
@Suite struct MemorySizeTests {
    private let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    @Test(arguments: [
        ("1024", 1024), ("512MiB", 524_288), ("512 mib", 524_288), ("2 GiB", 2_097_152), ("1G", 1_048_576),
        ("1.5GiB", 1_572_864), ("1t", 1_073_741_824), ("2048b", 2), ("1024 bytes", 1), ("1024KB", 1000),
        ("4096000KB", 4_000_000), ("1k", 1),
    ])
    func sizesBecomeKiB(text: String, kib: Int) throws {
        #expect(try MemorySize.kibibytes(.scalar(text, at: here), "memory") == kib)
    }

    @Test(arguments: ["1GB", "1000KB", "1 gigs", "MiB", "0", "512b"])
    func sizesThatAreNotWholeKiBOrUnknownAreRejected(text: String) {
        #expect(throws: Diagnostic.self) { try MemorySize.kibibytes(.scalar(text, at: here), "memory") }
    }
}

/// Every unit a memory size and a volume capacity take, with its bytes, in any case: one table
/// serves both, and a capacity also takes the peta units a guest's memory never reaches.
@Suite struct SizeUnitTests {
    private let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    static let memoryUnits: [(String, UInt64)] = [
        ("b", 1), ("bytes", 1), ("k", 1 << 10), ("kib", 1 << 10), ("m", 1 << 20), ("mib", 1 << 20), ("g", 1 << 30),
        ("gib", 1 << 30), ("t", 1 << 40), ("tib", 1 << 40), ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000),
        ("tb", 1_000_000_000_000),
    ]
    static let capacityOnlyUnits: [(String, UInt64)] = [("p", 1 << 50), ("pib", 1 << 50), ("pb", 1_000_000_000_000_000)]
    static let neither = ["e", "eib", "eb", "kibi", "gibs", "byte", "ib"]

    static func spellings(_ unit: String) -> [String] {
        [unit, unit.uppercased(), unit.prefix(1).uppercased() + unit.dropFirst()]
    }

    @Test func memoryTakesTheseUnitsAndNoOthers() throws {
        for (unit, factor) in Self.memoryUnits {
            for spelling in Self.spellings(unit) {
                #expect(MemoryUnit.kibibytes(per: spelling) == Double(factor) / 1024, "\(spelling)")
                #expect(try MemorySize.kibibytes(.scalar("1024\(spelling)", at: here), "memory") == Int(factor), "\(spelling)")
            }
        }
        for unit in Self.capacityOnlyUnits.map(\.0) + Self.neither {
            #expect(MemoryUnit.kibibytes(per: unit) == nil, "\(unit)")
            #expect(throws: Diagnostic.self) { try MemorySize.kibibytes(.scalar("1\(unit)", at: here), "memory") }
        }
    }

    @Test func capacityTakesTheseUnitsAndNoOthers() throws {
        for (unit, factor) in Self.memoryUnits + Self.capacityOnlyUnits {
            for spelling in Self.spellings(unit) {
                #expect(try Capacity.bytes(.scalar("512\(spelling)", at: here)) == 512 * factor, "\(spelling)")
                #expect(try Capacity.bytes(.scalar("512 \(spelling)", at: here)) == 512 * factor, "\(spelling)")
            }
        }
        for unit in Self.neither {
            #expect(throws: Diagnostic.self) { try Capacity.bytes(.scalar("512\(unit)", at: here)) }
        }
    }
}
