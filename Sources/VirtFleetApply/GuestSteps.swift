import Foundation
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetPlan

/// The libvirt steps for one plan entry on one host's session.
struct GuestSteps {
    let session: any HypervisorSession
    let fleet: String
    let options: ApplyOptions

    /// Defines with VALIDATE, checks that nothing asked for was dropped, then stores both hashes
    /// (and whether the running guest still awaits a restart). Returns the mark it wrote.
    @discardableResult
    func define(_ entry: PlanEntry, _ definition: Definition, restartPending: Bool, record: StorageRecord) async throws(ApplyFailure)
        -> OwnershipMetadata
    {
        let document = try parse(definition.xml, entry.guest)
        try check(document, matches: entry, definition)
        try await ensureDefinable(entry)
        try await call { () async throws(HypervisorError) in try await session.define(definition.xml) }
        let desired = DomainHash.withoutOwnership(document)
        let secure = try parse(
            try await call { () async throws(HypervisorError) in
                try await session.inactiveXML(of: entry.guest, secure: true)
            }, entry.guest)
        let dropped = DomainSubset.mismatches(desired, in: secure)
        // Hashed the way observe sees it: read with secrets, then stripped of them (DomainHash does that).
        let readback = DomainHash.readback(secure)
        // A definition libvirt did not keep whole is never recorded as converged: the next plan shows drift.
        var owner = OwnershipMetadata(
            fleet: fleet, guest: entry.guest, desiredHash: definition.hash,
            readbackHash: dropped.isEmpty ? readback : OwnershipMetadata.unverified,
            restartPending: restartPending, pendingRunID: entry.observed?.runID)
        record.apply(to: &owner)
        try await write(owner)
        if !dropped.isEmpty { throw .notKept(dropped) }
        return owner
    }

    /// A saved plan is a file anyone with write access can edit: what is defined must be what the
    /// entry says, re-derived from the document itself (its name, this fleet's mark, its hash, and
    /// for a redefine the UUID of the domain planned against).
    private func check(_ document: DomainXMLElement, matches entry: PlanEntry, _ definition: Definition) throws(ApplyFailure) {
        let name = document.first("name")?.text
        guard name == entry.guest else { throw .definitionMismatch(.name(name)) }
        let mark = OwnershipMetadata(domain: document)
        guard mark?.fleet == fleet, mark?.guest == entry.guest else { throw .definitionMismatch(.owner) }
        guard DomainHash.of(document) == definition.hash else { throw .definitionMismatch(.hash) }
        if let observed = entry.observed {
            let uuid = document.first("uuid")?.text
            guard uuid == nil || uuid?.lowercased() == observed.uuid.lowercased() else { throw .definitionMismatch(.uuid(uuid)) }
        }
    }

    /// Right before a define: a create finds no domain of that name; a redefine finds the same
    /// domain it was planned against, still carrying this fleet's mark.
    private func ensureDefinable(_ entry: PlanEntry) async throws(ApplyFailure) {
        guard entry.observed == nil else {
            try await ensureStillOwned(entry)
            return
        }
        do {
            _ = try await session.state(of: entry.guest)
        } catch  where error.cause == .noDomain {
            return
        } catch {
            throw .hypervisor(error)
        }
        throw .appearedSincePlan
    }

    /// The mark a guest carried when planned, for rewriting it without its pending restart.
    func storedOwner(_ entry: PlanEntry) -> OwnershipMetadata? {
        guard let observed = entry.observed else { return nil }
        return OwnershipMetadata(
            fleet: fleet, guest: entry.guest, desiredHash: observed.storedDesiredHash,
            readbackHash: observed.storedReadbackHash, restartPending: observed.restartPending ?? false,
            pendingRunID: observed.pendingRunID,
            volumes: (observed.storedVolumes ?? []).map { OwnershipMetadata.Volume(pool: $0.pool, name: $0.name) },
            seedHash: observed.storedSeedHash, instanceID: observed.storedInstanceID,
            deleteVolumes: observed.storedDeleteVolumes ?? false)
    }

    /// Writes the mark again with what it now records of the guest's storage (its hashes as they were).
    func writeStorage(_ owner: OwnershipMetadata, _ record: StorageRecord) async throws(ApplyFailure) -> OwnershipMetadata {
        var owner = owner
        record.apply(to: &owner)
        try await write(owner)
        return owner
    }

    /// Once the guest has booted its current definition, the pending restart is over.
    func clearPendingRestart(_ owner: OwnershipMetadata?) async throws(ApplyFailure) {
        guard var owner, owner.restartPending else { return }
        owner.restartPending = false
        try await write(owner)
    }

    func write(_ owner: OwnershipMetadata) async throws(ApplyFailure) {
        let element = XMLWriter.string(from: owner.bareElement)
        try await call { () async throws(HypervisorError) in try await session.setOwnership(of: owner.guest, element: element) }
    }

    func start(_ guest: String) async throws(ApplyFailure) {
        try await call { () async throws(HypervisorError) in try await session.start(guest) }
    }

    /// Graceful shutdown; destroy when it has not stopped within the timeout.
    func stop(_ guest: String) async throws(ApplyFailure) {
        guard try await isRunning(guest) else { return }
        try? await session.shutdown(guest)
        let deadline = ContinuousClock.now + options.shutdownTimeout
        while ContinuousClock.now < deadline {
            if try await !isRunning(guest) { return }
            do { try await Task.sleep(for: .milliseconds(250)) } catch { throw .cancelled }
        }
        if try await isRunning(guest) {
            try await call { () async throws(HypervisorError) in try await session.destroy(guest) }
        }
    }

    /// Stop (gracefully), then undefine; disk images are never touched.
    func delete(_ guest: String) async throws(ApplyFailure) {
        try await stop(guest)
        try await call { () async throws(HypervisorError) in try await session.undefine(guest) }
    }

    /// Re-checks, right before a destructive step, that the domain of that name is still the one
    /// planned: same UUID and still carrying this fleet's mark. Time passes between the plan's
    /// check and a delete (shutdowns take a while), and other tools do not take virtfleet's lock.
    /// Returns the mark as it is now.
    @discardableResult
    func ensureStillOwned(_ entry: PlanEntry) async throws(ApplyFailure) -> OwnershipMetadata {
        let root = try parse(
            try await call { () async throws(HypervisorError) in
                try await session.inactiveXML(of: entry.guest, secure: false)
            }, entry.guest)
        let uuid = root.first("uuid")?.text
        guard let mark = OwnershipMetadata(domain: root), mark.fleet == fleet, entry.observed.map({ $0.uuid == uuid }) ?? true
        else {
            throw .noLongerOwned
        }
        return mark
    }

    func restart(_ guest: String, owner: OwnershipMetadata?) async throws(ApplyFailure) {
        try await stop(guest)
        try await start(guest)
        try await clearPendingRestart(owner)
    }

    private func isRunning(_ guest: String) async throws(ApplyFailure) -> Bool {
        try await call { () async throws(HypervisorError) in try await session.state(of: guest) }.isActive
    }

    func call<T>(_ body: () async throws(HypervisorError) -> T) async throws(ApplyFailure) -> T { try await hypervisorCall(body) }

    private func parse(_ xml: String, _ guest: String) throws(ApplyFailure) -> DomainXMLElement {
        do {
            return try LibXMLParser.parse(xml, file: guest)
        } catch {
            throw .unreadableReadback(String(describing: error))
        }
    }
}

/// What a guest's mark records of its storage after apply: the volumes recorded before plus
/// those created now (the seed included), the seed last uploaded, and `delete-volumes`.
struct StorageRecord: Sendable, Hashable {
    var volumes: [VolumeReference]
    var seedHash: String?
    var instanceID: String?
    var deleteVolumes: Bool
    /// Something was created or uploaded in this run (the mark must say so).
    var changed = false
    /// The seed was uploaded in this run.
    var uploadedSeed = false

    /// As the guest's mark says on the host now (`live`, read right before; nil for a guest not
    /// defined yet, or whose mark could not be read: then nothing earlier is carried over, so a
    /// saved plan can never add a volume to a mark), with `delete_volumes` as the inventory says now.
    init(_ entry: PlanEntry, live: OwnershipMetadata?) {
        volumes = live?.volumes.map { VolumeReference(pool: $0.pool, name: $0.name) } ?? []
        seedHash = live?.seedHash
        instanceID = live?.instanceID
        deleteVolumes = entry.deleteVolumes
    }

    mutating func created(_ volume: VolumeReference) {
        changed = true
        keep(volume)
    }

    /// Records a volume (once).
    mutating func keep(_ volume: VolumeReference) {
        if !volumes.contains(volume) { volumes.append(volume) }
    }

    mutating func uploaded(_ seed: SeedEntry) {
        created(seed.reference)
        uploadedSeed = true
        seedHash = seed.hash
        instanceID = seed.instanceID
    }

    func apply(to owner: inout OwnershipMetadata) {
        owner.volumes = Array(Set(volumes.map { OwnershipMetadata.Volume(pool: $0.pool, name: $0.name) })).sorted()
        owner.seedHash = seedHash
        owner.instanceID = instanceID
        owner.deleteVolumes = deleteVolumes
    }
}

/// One port call as an apply step: its failure becomes `ApplyFailure.hypervisor`. Shared by the
/// guest and the resource steps.
func hypervisorCall<T>(_ body: () async throws(HypervisorError) -> T) async throws(ApplyFailure) -> T {
    do {
        return try await body()
    } catch {
        throw .hypervisor(error)
    }
}
