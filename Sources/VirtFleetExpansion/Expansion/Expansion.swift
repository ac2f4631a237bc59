import VirtFleetDiagnostics

/// What expansion produces: the guests, and the warnings found while expanding them.
public struct Expansion: Sendable {
    public var guests: [DesiredGuest]
    /// Per host that declares or needs any: pools, networks and the images its guests use.
    public var hosts: [DesiredHost] = []
    var warnings: GuestWarnings

    /// The warnings about `guests` (a selection of this expansion's guests), each once, sorted by place.
    public func warnings(for guests: [DesiredGuest]) -> [Warning] {
        Warning.sorted(guests.flatMap { warnings.byGuest[GuestWarnings.key($0)] ?? [] })
    }

    /// Every warning, each once, sorted by place.
    public var allWarnings: [Warning] { warnings(for: guests) }
}

/// Warnings kept per guest, so a `--limit` shows only those about the guests it selects.
struct GuestWarnings: Sendable {
    var byGuest: [String: [Warning]] = [:]

    static func key(_ guest: DesiredGuest) -> String { "\(guest.host)/\(guest.name)" }

    mutating func add(_ warnings: [Warning], for guest: DesiredGuest) {
        guard !warnings.isEmpty else { return }
        byGuest[Self.key(guest), default: []].append(contentsOf: warnings)
    }
}
