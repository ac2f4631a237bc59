import Foundation
import Testing
import VirtFleetFuzzing

/// The fuzzing entry points over the checked-in seed corpus, plus deterministic truncations and
/// byte flips of every seed: what libFuzzer starts from must run cleanly in the ordinary suite too
/// (a crash here fails the run). Long fuzzing runs are scripts/fuzz.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Corpus").standardizedFileURL

    static func seeds(_ folder: String) throws -> [[UInt8]] {
        let directory = corpus.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.map { Array(try Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    /// Each seed, its prefixes at a few cut points, and copies with one byte changed.
    static func variants(of seed: [UInt8]) -> [[UInt8]] {
        var out = [seed]
        for cut in [1, 4, 16, seed.count / 2, seed.count - 1] where cut > 0 && cut < seed.count { out.append(Array(seed[..<cut])) }
        for position in stride(from: 0, to: seed.count, by: max(1, seed.count / 8)) {
            for byte: UInt8 in [0x00, 0xFF, UInt8(ascii: "{"), UInt8(ascii: "<")] {
                var copy = seed
                copy[position] = byte
                out.append(copy)
            }
        }
        return out
    }

    @Test(
        arguments: [
            ("inventory", FuzzEntry.inventory), ("expression", FuzzEntry.expression), ("raw-xml", FuzzEntry.rawXMLTemplate),
            ("rpc", FuzzEntry.rpcStream), ("plan-file", FuzzEntry.planFile),
        ] as [(String, @Sendable ([UInt8]) async -> Void)])
    func everySeedAndItsMutationsRunCleanly(folder: String, entry: @Sendable ([UInt8]) async -> Void) async throws {
        let seeds = try Self.seeds(folder)
        #expect(!seeds.isEmpty, "Fuzz/Corpus/\(folder) holds no seeds")
        var runs = 0
        for seed in seeds {
            for input in Self.variants(of: seed) {
                await entry(input)
                runs += 1
            }
        }
        #expect(runs >= seeds.count)
    }
}
