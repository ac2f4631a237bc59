import VirtFleetDiagnostics

/// The checks behind the precedence of `pools:` and `networks:` (host over group over fleet,
/// `Inventory.pools(on:)`): one scope may declare a name once (identical declarations from several
/// files merge), and two groups of one host may not declare one name differently.
enum ResourceScopes {
    /// `declarations` of one scope with identical repeats dropped; a differing repeat is an error
    /// naming both places.
    static func merged<T: ScopedResource>(
        _ declarations: [T], what: String, same: (T, T) -> Bool, problems: inout Diagnostics
    ) -> [T] {
        var kept: [String: T] = [:]
        var order: [String] = []
        for declaration in declarations {
            guard let first = kept[declaration.name] else {
                kept[declaration.name] = declaration
                order.append(declaration.name)
                continue
            }
            if !same(first, declaration) {
                problems.report(
                    "\(what) '\(declaration.name)' of \(declaration.scope) is declared differently at \(first.location)",
                    at: declaration.location, hint: "declare it once, or the same way in both places")
            }
        }
        return order.sorted().compactMap { kept[$0] }
    }

    /// Every host's groups: a name declared by two of them differently is an error (unless the host
    /// declares the name itself, which wins), reported once per pair of declarations.
    static func checkGroups(_ inventory: Inventory, problems: inout Diagnostics) {
        var reported = Set<String>()
        for host in inventory.hosts {
            let groups = inventory.groups(containing: host.name)
            guard groups.count > 1 else { continue }
            check(
                groups.map(\.pools), own: Set(host.pools.map(\.name)), host: host.name, what: "pool",
                same: { $0.sameSettings(as: $1) }, reported: &reported, problems: &problems)
            check(
                groups.map(\.networks), own: Set(host.networks.map(\.name)), host: host.name, what: "network",
                same: { $0.sameSettings(as: $1) }, reported: &reported, problems: &problems)
        }
    }

    private static func check<T: ScopedResource>(
        _ byGroup: [[T]], own: Set<String>, host: String, what: String, same: (T, T) -> Bool, reported: inout Set<String>,
        problems: inout Diagnostics
    ) {
        var first: [String: T] = [:]
        for declarations in byGroup {
            for declaration in declarations where !own.contains(declaration.name) {
                guard let earlier = first[declaration.name] else {
                    first[declaration.name] = declaration
                    continue
                }
                guard !same(earlier, declaration), reported.insert("\(earlier.location)|\(declaration.location)").inserted else { continue }
                problems.report(
                    "\(what) '\(declaration.name)' is declared differently by \(earlier.scope) (\(earlier.location)) and \(declaration.scope), "
                        + "which both hold host '\(host)'",
                    at: declaration.location,
                    hint: "declare it the same way in both groups, or once for the host (a host's own declaration wins)")
            }
        }
    }
}

/// A pool or network declaration, as the precedence checks see it.
protocol ScopedResource {
    var name: String { get }
    var location: SourceLocation { get }
    var scope: String { get }
}

extension PoolDeclaration: ScopedResource {}
extension NetworkDeclaration: ScopedResource {}
