import Foundation

/// `--limit`: comma-separated names or globs of hosts, groups or guests (as Ansible's `--limit`).
/// A guest is selected when its name, its host, or a group of its host matches.
/// Plain names are kept in a set and only real globs go through `fnmatch`, so thousands of
/// patterns cost linear time.
public struct Limit: Sendable {
    public let patterns: [String]
    /// Patterns without glob characters: each matches exactly itself.
    private let names: Set<String>
    /// Patterns with `*`, `?`, `[` or `\\`, matched with `fnmatch`.
    private let globs: [String]

    public init?(_ text: String?) {
        guard let text else { return nil }
        let patterns = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !patterns.isEmpty else { return nil }
        self.patterns = patterns
        let isGlob = { (pattern: String) in pattern.contains { "*?[\\".contains($0) } }
        self.names = Set(patterns.filter { !isGlob($0) })
        self.globs = patterns.filter(isGlob)
    }

    public func matches(_ name: String) -> Bool {
        names.contains(name) || globs.contains { fnmatch($0, name, 0) == 0 }
    }

    public func selects(host: String, in inventory: Inventory) -> Bool {
        matches(host) || inventory.groups(containing: host).contains { matches($0.name) }
    }

    public func selects(guest: String, host: String, in inventory: Inventory) -> Bool {
        matches(guest) || selects(host: host, in: inventory)
    }

    /// Patterns that select nothing at all, so a typo is an error rather than an empty run.
    public func unmatched(in inventory: Inventory, guests: [String]) -> [String] {
        let known = inventory.hosts.map(\.name) + inventory.groups.map(\.name) + guests
        let knownSet = Set(known)
        let unmatchedGlobs = Set(globs.filter { glob in !known.contains { fnmatch(glob, $0, 0) == 0 } })
        return patterns.filter { names.contains($0) ? !knownSet.contains($0) : unmatchedGlobs.contains($0) }
    }

    /// True when every pattern names a host or a group; a pattern that does not may name guests,
    /// which can be anywhere (undeclared ones too).
    public func namesOnlyHostsOrGroups(in inventory: Inventory) -> Bool {
        unmatched(in: inventory, guests: []).isEmpty
    }
}
