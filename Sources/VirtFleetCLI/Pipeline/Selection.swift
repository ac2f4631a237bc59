import VirtFleetDiagnostics
import VirtFleetExpansion
import VirtFleetInventory

/// `--limit` applied to a loaded inventory: the one place that decides which hosts and guests a
/// command sees, and that a pattern selecting nothing is an error rather than an empty run.
struct Selection {
    let limit: Limit?
    let inventory: Inventory

    /// - Parameter guests: the expanded guest names, or nil for commands that do not expand
    ///   (their patterns may name hosts and groups only).
    func check(guests: [String]?) throws {
        guard let limit else { return }
        let unmatched = limit.unmatched(in: inventory, guests: guests ?? [])
        guard !unmatched.isEmpty else { return }
        var names = unmatched.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
        if unmatched.count > 10 { names += " and \(unmatched.count - 10) more" }
        throw Diagnostic(
            "--limit \(names) matches no host, group\(guests == nil ? "" : " or guest")", at: nil,
            hint: "check the spelling; globs such as 'kvm*' or 'web-*' are allowed")
    }

    func selects(_ guest: DesiredGuest) -> Bool {
        limit?.selects(guest: guest.name, host: guest.host, in: inventory) ?? true
    }

    /// Hosts selected by name or group (for commands that only reach hosts).
    var hosts: [HypervisorHost] {
        guard let limit else { return inventory.hosts }
        return inventory.hosts.filter { limit.selects(host: $0.name, in: inventory) }
    }

    /// The hosts `hostsToObserve(for:)` includes whatever the guests are: every host unless each
    /// pattern names hosts or groups, and then the selected ones. Known before expansion.
    var hostsToObserveWhateverTheGuests: [HypervisorHost] {
        guard let limit, limit.namesOnlyHostsOrGroups(in: inventory) else { return inventory.hosts }
        return hosts
    }

    /// Hosts to observe when planning `guests`: the selected hosts and those the selected guests
    /// live on; every host when a pattern may name guests (an undeclared one can be anywhere).
    func hostsToObserve(for guests: [DesiredGuest]) -> [HypervisorHost] {
        guard let limit, limit.namesOnlyHostsOrGroups(in: inventory) else { return inventory.hosts }
        let guestHosts = Set(guests.map(\.host))
        return inventory.hosts.filter { guestHosts.contains($0.name) || limit.selects(host: $0.name, in: inventory) }
    }

    /// Whether an undeclared managed domain on `host` is in scope for deletion.
    func mayDelete(host: String, guest: String) -> Bool {
        limit?.selects(guest: guest, host: host, in: inventory) ?? true
    }
}
