import VirtFleetDomain
import VirtFleetExpansion
import VirtFleetHypervisor

/// Planning: desired guests + observed hosts → a `Plan`. Pure: no I/O, same input, same plan.
///
/// The two hashes decide between "update" and "drift" (docs/architecture.md): the desired hash
/// stored at the last apply differs → the inventory changed; it is equal but the read-back hash
/// differs → someone changed the domain outside virtfleet. libvirt's defaulted XML is never
/// compared with virtfleet's field by field, so there is no perpetual diff.
public struct Planner: Sendable {
    public let fleet: String

    public init(fleet: String) {
        self.fleet = fleet
    }

    /// - Parameters:
    ///   - hosts: per host, the declared pools and networks and the images its guests need.
    ///   - mayDelete: whether an undeclared managed domain is in scope for deletion
    ///     (with `--limit`, only the selected hosts and guests are).
    public func plan(
        desired: [DesiredGuest], hosts desiredHosts: [DesiredHost] = [], reports: [HostReport],
        mayDelete: (_ host: String, _ guest: String) -> Bool = { _, _ in true }
    ) -> Plan {
        let byHost = Dictionary(grouping: desired, by: \.host)
        let declared = Dictionary(desiredHosts.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
        let hosts = reports.map { report -> HostPlan in
            let guests = byHost[report.host] ?? []
            let resources = declared[report.host] ?? DesiredHost(host: report.host)
            // What the host was observed with (the pipeline may have widened it), else what it needs.
            let scope = report.scope ?? Self.scope(for: declared[report.host], guests: guests)
            switch report.outcome {
            case .unreachable(let error):
                return HostPlan(host: report.host, fingerprint: nil, unreachable: error, entries: [], scope: scope)
            case .observed(let observation):
                var plan = plan(
                    host: report.host, desired: guests, resources: resources, observation: observation, mayDelete: mayDelete)
                plan.scope = scope
                return plan
            }
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
            for index in host.entries.indices {
                guard case .create(var creation) = host.entries[index].change,
                    let from = deletedOn[host.entries[index].guest], from != host.host
                else { continue }
                creation.movesFrom = from
                host.entries[index].change = .create(creation)
            }
            return host
        }
    }

    func plan(
        host: String, desired: [DesiredGuest], resources: DesiredHost = DesiredHost(host: ""), observation: HostObservation,
        mayDelete: (String, String) -> Bool
    ) -> HostPlan {
        let context = HostContext(fleet: fleet, observation: observation, desired: resources)
        let observed = Dictionary(observation.domains.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var entries = desired.sorted { $0.name < $1.name }.map { guest in
            var entry = entry(for: guest, observed: observed[guest.name])
            addStorage(to: &entry, guest: guest, domain: observed[guest.name], context)
            return entry
        }
        let declared = Set(desired.map(\.name))
        for domain in observation.domains
        where domain.owner?.fleet == fleet && !declared.contains(domain.name)
            && mayDelete(host, domain.name)
        {
            var entry = PlanEntry(
                host: host, guest: domain.name, desiredState: .absent, change: .delete(.undeclared),
                observed: fingerprint(of: domain))
            addDeletions(to: &entry, owner: domain.owner, explicitly: false, context)
            entries.append(entry)
        }
        let deleted = Set(entries.filter { $0.action == .delete }.map(\.guest))
        var deleting: [String: Int] = [:]
        for volume in entries.flatMap(\.volumes) where volume.action == .delete && context.volume(volume.reference) != nil {
            deleting[volume.pool, default: 0] += 1
        }
        return HostPlan(
            host: host, fingerprint: HostFingerprint.of(observation), entries: entries,
            pools: resources.pools.map { poolEntry($0, context, deleting: deleting) },
            networks: resources.networks.map { networkEntry($0, context, deleted: deleted) },
            images: resources.images.map { imageEntry($0, context) })
    }

    /// `virtfleet destroy`: every domain this fleet owns on the reported hosts (those `mayDelete`
    /// allows) is deleted, with the volumes its mark records when it says `delete-volumes`;
    /// nothing else is touched (pools, networks and images never), declared guests included.
    public func destroy(reports: [HostReport], mayDelete: (String, String) -> Bool) -> Plan {
        var plan = self.plan(desired: [], reports: reports, mayDelete: mayDelete)
        for host in plan.hosts.indices {
            for index in plan.hosts[host].entries.indices where plan.hosts[host].entries[index].change == .delete(.undeclared) {
                plan.hosts[host].entries[index].change = .delete(.destroyed)
            }
        }
        return plan
    }

    func entry(for guest: DesiredGuest, observed domain: ObservedDomain?) -> PlanEntry {
        let entry = { (change: Change) in
            PlanEntry(
                host: guest.host, guest: guest.name, desiredState: guest.state, change: change,
                observed: domain.map(fingerprint(of:)))
        }
        guard let domain else {
            guard guest.state != .absent else { return entry(.noChange(.absentAndNotDefined)) }
            return entry(
                .create(
                    Creation(
                        definition: definition(of: guest, hash: DomainHash.of(guest.domain)),
                        start: guest.state == .running)))
        }
        guard let owner = domain.owner, owner.fleet == fleet else {
            if guest.state == .absent { return entry(.noChange(.absentAndNotOurs)) }
            return entry(.conflict(domain.owner.map { .fleet($0.fleet) } ?? .unmanaged))
        }
        if guest.state == .absent { return entry(.delete(.declaredAbsent)) }
        let guest = Self.keepingUUID(of: domain.uuid, guest)
        let running = domain.isRunning
        let power: PowerChange =
            guest.state == .running && !running
            ? .start
            : guest.state == .stopped && running ? .stop : .none
        let desiredHash = DomainHash.of(guest.domain)
        let secretsDiffer = Secrets.strip(guest.domain).1 != domain.secrets
        let changedIntent = owner.desiredHash != desiredHash
        if changedIntent || secretsDiffer || owner.readbackHash != domain.readbackHash {
            // Secrets are never hashed, so a differing one cannot tell who changed it.
            let cause: Redefinition.Cause =
                owner.desiredHash == nil && owner.readbackHash == nil
                ? .adopted
                : changedIntent
                    ? .inventoryChanged
                    : owner.readbackHash == nil
                        ? .notRecorded
                        : owner.readbackHash == OwnershipMetadata.unverified
                            ? .notKeptLastTime
                            : owner.readbackHash == domain.readbackHash && secretsDiffer ? .secretDiffers : .changedOutside
            var differences = self.differences(guest, domain) + (secretsDiffer ? [.secret] : [])
            if differences.isEmpty, cause == .changedOutside { differences = [.outsideInventory] }
            return entry(
                .redefine(
                    Redefinition(
                        cause: cause, definition: definition(of: guest, hash: desiredHash), then: power,
                        restartNeeded: running && guest.state == .running,
                        differences: differences)))
        }
        let stillOldRun = owner.pendingRunID == nil || owner.pendingRunID == domain.runID
        if owner.restartPending == true, stillOldRun, running, guest.state == .running { return entry(.restart) }
        switch power {
        case .start: return entry(.start)
        case .stop: return entry(.stop)
        case .none: return entry(.noChange(.upToDate))
        }
    }

    /// The guest as it is defined over a domain this fleet manages: with that domain's UUID.
    /// libvirt cannot change a defined domain's UUID, and a managed domain whose UUID is not the
    /// one virtfleet derives was adopted (or given another `uuid:` since): it keeps its own.
    public static func keepingUUID(of observed: String, _ guest: DesiredGuest) -> DesiredGuest {
        guard observed.lowercased() != guest.uuid.lowercased() else { return guest }
        var kept = guest
        kept.uuid = observed
        kept.domain.modifyChild("uuid") { $0.children = [.text(observed)] }
        return kept
    }

    /// The document to define: the desired domain with this fleet's mark and its hash.
    public func definition(of guest: DesiredGuest) -> Definition {
        definition(of: guest, hash: DomainHash.of(guest.domain))
    }

    /// Written only for entries that define, so an unchanged fleet costs one hash per guest.
    private func definition(of guest: DesiredGuest, hash: String) -> Definition {
        let stamped = OwnershipStamp.stamp(guest.domain, fleet: fleet, guest: guest.name, desiredHash: hash, readbackHash: nil)
        return Definition(xml: XMLWriter.string(from: stamped), hash: hash)
    }

    func fingerprint(of domain: ObservedDomain) -> ObservedFingerprint {
        ObservedFingerprint(
            uuid: domain.uuid, state: domain.state,
            readbackHash: domain.readbackHash,
            storedDesiredHash: domain.owner?.desiredHash, storedReadbackHash: domain.owner?.readbackHash,
            restartPending: domain.owner?.restartPending, pendingRunID: domain.owner?.pendingRunID,
            runID: domain.runID, storedVolumes: domain.owner?.volumes, storedSeedHash: domain.owner?.seedHash,
            storedInstanceID: domain.owner?.instanceID, storedDeleteVolumes: domain.owner?.deleteVolumes)
    }

    private func differences(_ guest: DesiredGuest, _ domain: ObservedDomain) -> [Difference] {
        guard let observed = try? LibXMLParser.parse(domain.inactiveXML, file: guest.name) else { return [] }
        // Observed XML is read without secrets, so secret attributes cannot be compared here.
        return DomainSubset.mismatches(
            DomainHash.withoutOwnership(guest.domain), in: observed,
            ignoring: Secrets.attributes
        )
        .map { .value(path: $0.path, wanted: $0.wanted, found: $0.found) }
    }
}
