/// "Did you mean …" for unknown keys and enum values, by edit distance.
public enum Suggestion {
    /// Words longer than this get no suggestion: comparing them costs length × length per
    /// candidate, and no key or name virtfleet knows is that long.
    public static let maximumWordLength = 64

    /// The closest candidate within a small edit distance, if any.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        guard word.count <= maximumWordLength else { return nil }
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let length = candidate.count
            let limit = max(1, min(3, length / 3 + 1))
            // The distance is at least the difference in length: skip what cannot come close.
            guard length <= maximumWordLength + 3, abs(length - lowered.count) <= limit else { continue }
            let distance = editDistance(lowered, candidate.lowercased())
            guard distance <= limit else { continue }
            if let current = best, current.1 <= distance { continue }
            best = (candidate, distance)
        }
        return best?.0
    }

    /// A hint naming the closest candidate, or listing the allowed ones when few.
    public static func hint(for word: String, in candidates: [String]) -> String? {
        if let match = closest(to: word, in: candidates) { return "did you mean '\(match)'?" }
        if !candidates.isEmpty, candidates.count <= 12 {
            return "expected one of: " + candidates.map { "'\($0)'" }.joined(separator: ", ")
        }
        return nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
