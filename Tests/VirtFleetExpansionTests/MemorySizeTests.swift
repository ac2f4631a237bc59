import Testing
import VirtFleetDiagnostics
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
