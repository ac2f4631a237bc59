import Crypto
import Foundation

/// The digests virtfleet takes, all from swift-crypto. (Named apart from Crypto's `Digest` protocol.)
public enum Digests {
    /// SHA-256 of the text's UTF-8, as lower-case hex: the ownership hashes stored on each domain,
    /// host fingerprints and lock names.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(bytes: Array(text.utf8))
    }

    /// SHA-256 of raw bytes as lower-case hex (saved plan files, so a pipeline can pin one).
    public static func sha256Hex(bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    /// SHA-256 of a file's contents as lower-case hex, read 1 MiB at a time (base images are large).
    /// Nil when the file cannot be opened or read.
    public static func sha256Hex(contentsOf path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            // nil (or no bytes) at the end of the file.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        } catch {
            return nil
        }
        return hex(Array(hasher.finalize()))
    }

    /// SHA-1, only for name-based UUIDs (RFC 4122 version 5) and derived MACs, where the RFC fixes
    /// the algorithm. Not used for anything that needs collision resistance.
    public static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        Array(Insecure.SHA1.hash(data: bytes))
    }

    /// Two lower-case hex digits per byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
