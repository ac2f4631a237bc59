import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor

/// Planning: desired guests + observed hosts → a `Plan`. Pure: no I/O, same input, same plan.
///
/// The two hashes decide between "update" and "drift" (DESIGN.md): the desired hash stored at
/// the last apply differs → the inventory changed; it is equal but the read-back hash differs
/// → someone changed the domain outside virtfleet. libvirt's defaulted XML is never compared
/// with virtfleet's field by field, so there is no perpetual diff.
public struct Planner: Sendable {
    public let fleet: String

    public init(fleet: String) {
        self.fleet = fleet
    }

    /// - Parameter mayDelete: whether an undeclared managed domain is in scope for deletion
    ///   (with `--limit`, only the selected hosts and guests are).
    public func plan(desired: [DesiredGuest], reports: [HostReport],
                     mayDelete: (_ host: String, _ guest: String) -> Bool = { _, _ in true }) -> Plan {
        let byHost = Dictionary(grouping: desired, by: \.host)
        let hosts = reports.map { report -> HostPlan in
            guard let observation = report.observation else {
                if case .unreachable(let reason) = report.outcome {
                    return HostPlan(host: report.host, fingerprint: nil, error: reason, entries: [])
                }
                return HostPlan(host: report.host, fingerprint: nil, error: "not observed", entries: [])
            }
            return plan(host: report.host, desired: byHost[report.host] ?? [], observation: observation,
                        mayDelete: mayDelete)
        }
        return Plan(fleet: fleet, hosts: Self.markMoves(hosts))
    }

    /// A guest created on one host while its managed copy is deleted on another is moving:
    /// say so, so apply can remove the old copy before the new one starts (same UUID and MACs).
    static func markMoves(_ hosts: [HostPlan]) -> [HostPlan] {
        var deletedOn: [String: String] = [:]
        for host in hosts { for entry in host.entries where entry.action == .delete { deletedOn[entry.guest] = host.host } }
        return hosts.map { host in
            var host = host
            for index in host.entries.indices where host.entries[index].action == .create {
                guard let from = deletedOn[host.entries[index].guest], from != host.host else { continue }
                host.entries[index].movesFrom = from
                host.entries[index].reason = "moves from \(from): define here once its copy there is removed"
                    + (host.entries[index].startAfterDefine ? ", then start" : "")
            }
            return host
        }
    }

    func plan(host: String, desired: [DesiredGuest], observation: HostObservation,
              mayDelete: (String, String) -> Bool) -> HostPlan {
        let observed = Dictionary(observation.domains.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var entries = desired.sorted { $0.name < $1.name }.map { entry(for: $0, observed: observed[$0.name]) }
        let declared = Set(desired.map(\.name))
        for domain in observation.domains where domain.owner?.fleet == fleet && !declared.contains(domain.name)
            && mayDelete(host, domain.name) {
            var delete = PlanEntry(host: host, guest: domain.name, action: .delete,
                                   reason: "no longer declared: stop, then undefine (disk images are kept)",
                                   desiredState: "absent")
            delete.observed = fingerprint(of: domain)
            entries.append(delete)
        }
        return HostPlan(host: host, fingerprint: HostFingerprint.of(observation), entries: entries)
    }

    func entry(for guest: DesiredGuest, observed domain: ObservedDomain?) -> PlanEntry {
        var entry = PlanEntry(host: guest.host, guest: guest.name, action: .noChange, reason: "", desiredState: guest.state.rawValue)
        guard let domain else {
            guard guest.state != .absent else {
                entry.reason = "declared absent and not defined"
                return entry
            }
            entry.action = .create
            entry.reason = guest.state == .running ? "not defined: define, then start" : "not defined: define (left stopped)"
            entry.startAfterDefine = guest.state == .running
            return withDefinition(entry, guest)
        }
        entry.observed = fingerprint(of: domain)
        if guest.state == .absent, domain.owner?.fleet != fleet {
            entry.reason = "declared absent; the domain of that name is not managed by this fleet and is left alone"
            return entry
        }
        guard let owner = domain.owner, owner.fleet == fleet else {
            entry.action = .conflict
            let who = domain.owner.map { "fleet '\($0.fleet)'" } ?? "nobody (no virtfleet metadata)"
            entry.reason = "a domain named '\(guest.name)' exists but is managed by \(who); left untouched"
            return entry
        }
        if guest.state == .absent {
            entry.action = .delete
            entry.reason = "declared absent: stop, then undefine (disk images are kept)"
            return entry
        }
        let desiredHash = DomainHash.of(guest.domain)
        let running = domain.isRunning
        let secretsDiffer = Secrets.strip(guest.domain).1 != domain.secrets
        let lifecycle = (start: guest.state == .running && !running, stop: guest.state == .stopped && running)
        if owner.desiredHash != desiredHash || owner.readbackHash != entry.observed?.readbackHash || secretsDiffer {
            let changedIntent = owner.desiredHash != desiredHash || secretsDiffer
            entry.action = changedIntent ? .update : .drift
            entry.reason = changedIntent ? "definition changed in the inventory"
                : owner.readbackHash == OwnershipMetadata.unverified
                ? "libvirt did not keep the whole definition at the last apply: define it again"
                : "changed outside virtfleet: re-assert the desired definition"
            entry.startAfterDefine = lifecycle.start
            entry.stopAfterDefine = lifecycle.stop
            entry.restartNeeded = running && guest.state == .running
            if entry.restartNeeded { entry.reason += "; restart needed (takes effect at next boot)" }
            if lifecycle.start { entry.reason += "; then start" }
            if lifecycle.stop { entry.reason += "; then stop" }
            entry.changes = changes(guest, domain) + (secretsDiffer ? ["a secret (VNC password) differs: (secret)"] : [])
            if entry.changes.isEmpty, !changedIntent {
                entry.changes = ["changed outside what the inventory sets (a default changed, or something was added)"]
            }
            return withDefinition(entry, guest)
        }
        let stillOldRun = owner.pendingRunID == nil || owner.pendingRunID == domain.runID
        if owner.restartPending == true, stillOldRun, running, guest.state == .running {
            entry.action = .restart
            entry.restartNeeded = true
            entry.reason = "running an older definition since an apply without --restart; apply --restart reboots it"
        } else if lifecycle.start {
            entry.action = .start
            entry.reason = "defined but \(domain.state); declared running"
        } else if lifecycle.stop {
            entry.action = .stop
            entry.reason = "\(domain.state) but declared stopped: graceful shutdown, then destroy after the timeout"
        } else {
            entry.reason = "up to date (\(domain.state))"
        }
        return entry
    }

    private func withDefinition(_ entry: PlanEntry, _ guest: DesiredGuest) -> PlanEntry {
        var entry = entry
        let hash = DomainHash.of(guest.domain)
        entry.desiredHash = hash
        entry.desiredXML = XMLWriter.string(from: OwnershipStamp.stamp(guest.domain, fleet: fleet, guest: guest.name,
                                                                        desiredHash: hash, readbackHash: nil))
        return entry
    }

    private func fingerprint(of domain: ObservedDomain) -> ObservedFingerprint {
        ObservedFingerprint(uuid: domain.uuid, state: domain.state,
                            readbackHash: domain.readbackHash,
                            storedDesiredHash: domain.owner?.desiredHash, storedReadbackHash: domain.owner?.readbackHash,
                            restartPending: domain.owner?.restartPending, pendingRunID: domain.owner?.pendingRunID,
                            runID: domain.runID)
    }

    private func changes(_ guest: DesiredGuest, _ domain: ObservedDomain) -> [String] {
        guard let observed = try? XMLParser.parse(domain.inactiveXML, file: guest.name) else { return [] }
        // Observed XML is read without secrets, so secret attributes cannot be compared here.
        return DomainSubset.mismatches(DomainHash.withoutOwnership(guest.domain), in: observed,
                                       ignoring: Secrets.attributes).map(\.description)
    }
}
