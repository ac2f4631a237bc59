import Crypto
import Foundation

/// The marker lines of a known_hosts file (`@revoked`, `@cert-authority`), which libssh 0.10
/// does not act on: read here so a revoked key is refused and a host trusted only through a
/// certificate authority is refused clearly. Host patterns are matched as OpenSSH does:
/// comma-separated, `*` and `?` wildcards, `!` negation, and hashed `|1|salt|hash` entries
/// (HMAC-SHA1 of the host name keyed with the salt).
struct KnownHostsMarker: Equatable {
    enum Kind: String { case revoked = "@revoked", certAuthority = "@cert-authority" }

    let kind: Kind
    let file: String
    let line: Int
    let hosts: String
    let keyType: String
    /// The key's base64 blob, as `ssh-keygen` writes it.
    let key: String

    /// Every marker line of `text`; ordinary lines and comments are left to libssh.
    static func parse(_ text: String, file: String) -> [KnownHostsMarker] {
        // Every host of a run reads the file again, and with a line per host splitting it into
        // fields costs 7 ms per host at 1,000 lines (7 s for 1,000 hosts): a file with no line
        // starting with "@" (after blanks) stops here, after a 0.2 ms scan.
        guard mayHoldMarkers(text) else { return [] }
        var markers: [KnownHostsMarker] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 4, let kind = Kind(rawValue: fields[0].lowercased()) else { continue }
            markers.append(
                KnownHostsMarker(
                    kind: kind, file: file, line: index + 1, hosts: String(fields[1]), keyType: String(fields[2]),
                    key: String(fields[3])))
        }
        return markers
    }

    /// Whether some line's first non-blank byte is `@`.
    static func mayHoldMarkers(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(lineStartsWithAt) ?? lineStartsWithAt(text.utf8)
    }

    private static func lineStartsWithAt<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var atLineStart = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "@") where atLineStart: return true
            case UInt8(ascii: "\n"): atLineStart = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default: atLineStart = false
            }
        }
        return false
    }

    /// The markers in each readable file of `files`.
    static func load(_ files: [String]) -> [KnownHostsMarker] {
        files.flatMap { file in
            (try? String(contentsOfFile: file, encoding: .utf8)).map { parse($0, file: file) } ?? []
        }
    }

    /// Whether this line's host patterns cover `name` (`host`, or `[host]:port` off port 22).
    func matches(host name: String) -> Bool {
        Self.hostList(hosts, matches: name)
    }

    static func hostList(_ list: String, matches name: String) -> Bool {
        if list.hasPrefix("|1|") { return hashed(list, matches: name) }
        var matched = false
        for pattern in list.split(separator: ",") {
            if pattern.hasPrefix("!") {
                if glob(pattern.dropFirst().lowercased(), matches: name.lowercased()) { return false }
            } else if glob(pattern.lowercased(), matches: name.lowercased()) {
                matched = true
            }
        }
        return matched
    }

    /// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
    static func hashed(_ entry: String, matches name: String) -> Bool {
        let parts = entry.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, let salt = Data(base64Encoded: String(parts[2])),
            let hash = Data(base64Encoded: String(parts[3]))
        else { return false }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))
        return Data(mac) == hash
    }

    /// OpenSSH's `match_pattern`: `*` any run, `?` any one character.
    static func glob(_ pattern: some StringProtocol, matches text: some StringProtocol) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let t = Array(text.unicodeScalars)
        var pi = 0
        var ti = 0
        var star: Int?
        var resume = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                resume = ti
                pi += 1
            } else if let star {
                pi = star + 1
                resume += 1
                ti = resume
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
