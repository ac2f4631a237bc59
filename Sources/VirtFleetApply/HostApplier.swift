import VirtFleetConcurrency
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetPlan

/// Applies one host's plan in a safe order. Deletes first (a phase of their own, across all
/// hosts): domains, then the volumes their marks record, then networks, then pools. Then, in
/// the second phase: pools and networks, images, each guest's volumes and seed, defines, the
/// marks of guests whose storage changed without a define, starts and stops (each of these four
/// for several guests at once, `guestWidth`), and (with `--restart`) reboots, one guest at a
/// time. A failed step does not stop the others, only what
/// depends on it: images and volumes in a pool that was not made, volumes made from an image that
/// was not uploaded, and the domain of a guest whose volume or seed was not made.
struct HostApplier {
    let host: String
    let steps: GuestSteps
    let resources: ResourceSteps
    let counter: ProgressCounter

    /// The steps `plan` takes, as the progress counter counts them.
    static func stepCount(_ plan: HostPlan, restart: Bool) -> Int {
        let resources = plan.hostResources.filter { $0.action.isChange }.count
        let storage = plan.entries.flatMap(\.storage).filter { $0.action.isChange }.count
        let domains = plan.entries.filter { $0.action.isChange }.count
        let marks = plan.entries.filter(writesMarkOnly).count
        let restarts = restart ? plan.entries.filter(\.restartNeeded).count : 0
        return resources + storage + domains + marks + restarts
    }

    /// A managed guest that is not redefined nor deleted, whose mark must say something new about
    /// its storage (a volume or seed made, `delete_volumes` changed).
    static func writesMarkOnly(_ entry: PlanEntry) -> Bool {
        guard entry.observed != nil, entry.definition == nil, entry.action != .delete, entry.action != .conflict else { return false }
        return entry.rewritesMark || entry.storage.contains { $0.action == .create || $0.action == .replace }
    }

    // MARK: First phase

    /// On every host before any defines anywhere: domains (so a guest moving between hosts never
    /// runs twice), the volumes their marks record, networks, pools.
    func runDeletes(_ plan: HostPlan) async -> [ApplyReport.Outcome] {
        var outcomes: [ApplyReport.Outcome] = []
        for entry in plan.entries where entry.action == .delete {
            var recorded: Set<VolumeReference> = []
            let outcome = await perform(.delete, entry.guest) { () async throws(ApplyFailure) in
                let mark = try await steps.ensureStillOwned(entry)
                // Volumes go only when the live mark says delete-volumes, or the guest is declared
                // absent with delete_volumes: a saved plan cannot turn it on for a removed guest.
                let declaredAbsent = if case .delete(.declaredAbsent) = entry.change { entry.deleteVolumes } else { false }
                if mark.deleteVolumes || declaredAbsent {
                    recorded = Set(mark.volumes.map { VolumeReference(pool: $0.pool, name: $0.name) })
                }
                try await steps.delete(entry.guest)
            }
            outcomes.append(outcome)
            for volume in entry.volumes where volume.action == .delete {
                outcomes.append(
                    await perform(.delete, volume.label, .volume) { () async throws(ApplyFailure) in
                        // The volumes of a domain that is still there stay with it.
                        if outcome.failure != nil { throw .dependencyFailed(.volume(entry.guest)) }
                        // Only what the domain's own mark recorded, read right before it went
                        // (a saved plan is a file: it cannot add a volume to delete).
                        guard recorded.contains(volume.reference) else { throw .noLongerOwned }
                        try await resources.deleteVolume(volume.reference)
                    })
            }
        }
        for network in plan.networks {
            guard case .delete = network.change else { continue }
            outcomes.append(
                await perform(.delete, network.name, .network) { () async throws(ApplyFailure) in
                    try await resources.deleteNetwork(network.name)
                })
        }
        for pool in plan.pools {
            guard case .delete = pool.change else { continue }
            outcomes.append(
                await perform(.delete, pool.name, .pool) { () async throws(ApplyFailure) in
                    try await resources.deletePool(pool.name)
                })
        }
        return outcomes
    }

    // MARK: Second phase

    /// What failed (or is in error in the plan) so far on this host, for what depends on it.
    struct Failures {
        var pools: Set<String> = []
        var images: Set<String> = []
        /// Guests whose volume or seed was not made, with the first such volume.
        var storage: [String: String] = [:]
    }

    /// `blocked` are guests whose old copy elsewhere could not be removed: they are not created.
    func runRest(_ plan: HostPlan, blocked: [String: String]) async -> [ApplyReport.Outcome] {
        var outcomes: [ApplyReport.Outcome] = []
        var failures = Failures()
        for pool in plan.pools where pool.action == .conflict { failures.pools.insert(pool.name) }
        for image in plan.images where image.action.isError { failures.images.insert(image.name) }
        outcomes += await runPools(plan.pools, &failures)
        outcomes += await runNetworks(plan.networks)
        let images = await runImages(plan.images, &failures)
        outcomes += images.outcomes
        await refreshPools(uploadedTo: images.uploadedTo)
        // Guests' volumes and seeds, several guests at once on the host's one connection (each
        // guest's own steps in order); what failed before (pools, images) is settled by now.
        let storing = plan.entries.filter { $0.action != .delete && $0.action != .conflict }
        let settled = failures
        let stored = await Bounded.map(storing, width: Self.guestWidth) { entry in
            // What the guest's mark records now, read from the host: never the plan file's copy.
            let live = entry.observed == nil ? nil : try? await steps.ensureStillOwned(entry)
            return await runStorage(entry, StorageRecord(entry, live: live), settled)
        }
        var records: [String: StorageRecord] = [:]
        for (entry, result) in zip(storing, stored) {
            outcomes += result.outcomes
            records[entry.guest] = result.record
            if let failed = result.failed { failures.storage[entry.guest] = failed }
        }
        await refreshPools(uploadedTo: zip(storing, stored).compactMap { $1.record.uploadedSeed ? $0.seed?.pool : nil })
        outcomes += await runGuests(plan.entries, records: records, failures: failures, blocked: blocked)
        return outcomes
    }

    /// Guests worked on at once on one host (their volumes and seeds; their defines; their
    /// starts and stops). libvirtd works on up to 5 calls of one client at a time
    /// (`max_client_requests`); 4 keeps one free, and already overlaps each guest's round trips
    /// with the others'.
    static let guestWidth = 4

    /// Once per pool after its uploads: libvirt re-reads an uploaded volume in a thread of its
    /// own, so without this a plan made right after might see the volume as it was before. Best
    /// effort: the uploads are done either way, and libvirt's own re-read follows.
    private func refreshPools(uploadedTo pools: [String]) async {
        for pool in Set(pools).sorted() { try? await resources.refreshPool(pool) }
    }

    private func runPools(_ pools: [PoolEntry], _ failures: inout Failures) async -> [ApplyReport.Outcome] {
        var outcomes: [ApplyReport.Outcome] = []
        for pool in pools {
            let outcome: ApplyReport.Outcome
            switch pool.change {
            case .create(let creation):
                outcome = await perform(.create, pool.name, .pool) { () async throws(ApplyFailure) in
                    try await resources.createPool(creation)
                    if creation.start { try await resources.startPool(pool.name) }
                    if creation.autostart { try await resources.poolAutostart(pool.name, true) }
                }
            case .adjust(let adjustment):
                outcome = await perform(Self.step(adjustment), pool.name, .pool) { () async throws(ApplyFailure) in
                    switch adjustment.power {
                    case .start: try await resources.startPool(pool.name)
                    case .stop: try await resources.stopPool(pool.name)
                    case .none: break
                    }
                    if let autostart = adjustment.autostart { try await resources.poolAutostart(pool.name, autostart) }
                }
            default:
                continue
            }
            outcomes.append(outcome)
            if outcome.failure != nil { failures.pools.insert(pool.name) }
        }
        return outcomes
    }

    private func runNetworks(_ networks: [NetworkEntry]) async -> [ApplyReport.Outcome] {
        var outcomes: [ApplyReport.Outcome] = []
        for network in networks {
            let name = network.name
            switch network.change {
            case .create(let creation):
                outcomes.append(
                    await perform(.create, name, .network) { () async throws(ApplyFailure) in
                        try await resources.defineNetwork(creation.xml)
                        if creation.start { try await resources.startNetwork(name) }
                        if creation.autostart { try await resources.networkAutostart(name, true) }
                    })
            case .update(let update):
                outcomes.append(
                    await perform(.update, name, .network) { () async throws(ApplyFailure) in
                        try await self.update(network: name, update)
                    })
            case .adjust(let adjustment):
                outcomes.append(
                    await perform(Self.step(adjustment), name, .network) { () async throws(ApplyFailure) in
                        try await self.adjust(network: name, adjustment)
                    })
            default:
                continue
            }
        }
        return outcomes
    }

    private func update(network name: String, _ update: NetworkUpdate) async throws(ApplyFailure) {
        switch update.mode {
        case .live:
            for edit in update.dhcpEdits { try await resources.editDHCPHost(name, edit) }
        case .redefine, .atNextStart:
            if let xml = update.xml { try await resources.defineNetwork(xml) }
        case .restart:
            if let xml = update.xml { try await resources.defineNetwork(xml) }
            try await resources.stopNetwork(name)
            try await resources.startNetwork(name)
        }
        try await adjust(network: name, update.then)
    }

    private func adjust(network name: String, _ adjustment: ResourceAdjustment) async throws(ApplyFailure) {
        switch adjustment.power {
        case .start: try await resources.startNetwork(name)
        case .stop: try await resources.stopNetwork(name)
        case .none: break
        }
        if let autostart = adjustment.autostart { try await resources.networkAutostart(name, autostart) }
    }

    /// The uploads' outcomes, and the pools of those that were made.
    private func runImages(_ images: [ImageEntry], _ failures: inout Failures) async
        -> (outcomes: [ApplyReport.Outcome], uploadedTo: [String])
    {
        var outcomes: [ApplyReport.Outcome] = []
        var uploadedTo: [String] = []
        for image in images {
            guard case .upload(let upload) = image.change else { continue }
            let poolFailed = failures.pools.contains(image.pool)
            let outcome = await perform(.upload, image.name, .image) { () async throws(ApplyFailure) in
                if poolFailed { throw .dependencyFailed(.pool(image.pool)) }
                try await resources.uploadImage(image, upload, progress: self.progress(image.name, .upload, .image, upload.size))
            }
            outcomes.append(outcome)
            if outcome.failure != nil { failures.images.insert(image.name) } else { uploadedTo.append(image.pool) }
        }
        return (outcomes, uploadedTo)
    }

    /// What making one guest's volumes and seed came to.
    struct StorageResult: Sendable {
        var outcomes: [ApplyReport.Outcome] = []
        /// The mark's record with what was made added.
        var record: StorageRecord
        /// The first volume or seed of the guest that was not made (or is in error in the plan).
        var failed: String?

        mutating func fail(_ label: String) {
            if failed == nil { failed = label }
        }
    }

    /// A guest's volumes, then its seed; what was made is added to the record.
    private func runStorage(_ entry: PlanEntry, _ record: StorageRecord, _ failures: Failures) async -> StorageResult {
        var result = StorageResult(record: record)
        for volume in entry.volumes {
            if volume.action.isError { result.fail(volume.label) }
            let dependency: ApplyFailure? =
                failures.pools.contains(volume.pool)
                ? .dependencyFailed(.pool(volume.pool)) : nil
            let outcome: ApplyReport.Outcome
            switch volume.change {
            case .create(let creation):
                let imageFailed = creation.image.map(failures.images.contains) ?? false
                outcome = await perform(.create, volume.label, .volume) { () async throws(ApplyFailure) in
                    if let dependency { throw dependency }
                    if imageFailed, let image = creation.image { throw .dependencyFailed(.image(image)) }
                    try await resources.createVolume(volume, creation)
                }
                if outcome.failure == nil { result.record.created(volume.reference) }
            case .grow(_, let capacity):
                outcome = await perform(.grow, volume.label, .volume) { () async throws(ApplyFailure) in
                    if let dependency { throw dependency }
                    try await resources.growVolume(volume, to: capacity)
                }
            default:
                continue
            }
            result.outcomes.append(outcome)
            if outcome.failure != nil { result.fail(volume.label) }
        }
        guard let seed = entry.seed else { return result }
        if seed.action.isError { result.fail(seed.label) }
        let replacing: Bool
        switch seed.change {
        case .create: replacing = false
        case .replace: replacing = true
        default: return result
        }
        let poolFailed = failures.pools.contains(seed.pool)
        // Replacing deletes the old seed volume first: only one this guest's live mark records.
        let ours = result.record.volumes.contains(seed.reference)
        let outcome = await perform(replacing ? .replace : .create, seed.label, .seed) { () async throws(ApplyFailure) in
            if poolFailed { throw .dependencyFailed(.pool(seed.pool)) }
            if replacing, !ours { throw .noLongerOwned }
            try await resources.uploadSeed(
                seed, replacing: replacing, progress: self.progress(seed.label, replacing ? .replace : .create, .seed, seed.size))
        }
        result.outcomes.append(outcome)
        if outcome.failure == nil { result.record.uploaded(seed) } else { result.fail(seed.label) }
        return result
    }

    /// Defines, marks, starts and stops, then (with `--restart`) reboots.
    private func runGuests(
        _ entries: [PlanEntry], records: [String: StorageRecord], failures: Failures, blocked: [String: String]
    ) async -> [ApplyReport.Outcome] {
        var outcomes: [ApplyReport.Outcome] = []
        var marks: [String: OwnershipMetadata] = [:]
        let collect = { (results: [GuestResult]) in
            for result in results {
                outcomes.append(result.outcome)
                if let mark = result.mark { marks[result.outcome.guest] = mark }
            }
        }
        collect(
            await concurrently(entries.filter { $0.definition != nil }) { entry in
                guard let step = ApplyStep(entry.action) else { return nil }
                let record = records[entry.guest] ?? StorageRecord(entry, live: nil)
                var mark: OwnershipMetadata?
                let outcome = await perform(step, entry.guest) { () async throws(ApplyFailure) in
                    if let from = blocked[entry.guest], entry.movesFrom == from { throw .oldCopyRemains(host: from) }
                    if let volume = failures.storage[entry.guest] { throw .dependencyFailed(.volume(volume)) }
                    mark = try await self.define(entry, record: record)
                }
                if outcome.failure != nil, mark == nil, record.changed { await keepTrack(entry, record) }
                return GuestResult(outcome: outcome, mark: mark)
            })
        collect(
            await concurrently(entries.filter(Self.writesMarkOnly)) { entry in
                let record = records[entry.guest] ?? StorageRecord(entry, live: nil)
                var mark: OwnershipMetadata?
                let outcome = await perform(.mark, entry.guest) { () async throws(ApplyFailure) in
                    let live = try await steps.ensureStillOwned(entry)
                    mark = try await steps.writeStorage(live, record)
                }
                return GuestResult(outcome: outcome, mark: mark)
            })
        let written = marks
        collect(
            await concurrently(entries.filter { [.start, .stop].contains($0.action) }) { entry in
                guard let step = ApplyStep(entry.action) else { return nil }
                let mark = written[entry.guest] ?? steps.storedOwner(entry)
                let outcome = await perform(step, entry.guest) { () async throws(ApplyFailure) in
                    if let volume = failures.storage[entry.guest] { throw .dependencyFailed(.volume(volume)) }
                    try await steps.ensureStillOwned(entry)
                    if entry.action == .start {
                        try await steps.start(entry.guest)
                        try await steps.clearPendingRestart(mark)
                    } else {
                        try await steps.stop(entry.guest)
                    }
                }
                return GuestResult(outcome: outcome, mark: nil)
            })
        guard steps.options.restart else { return outcomes }
        let restarts = entries.filter(\.restartNeeded)
        for entry in restarts
        where !outcomes.contains(where: { $0.guest == entry.guest && $0.resource == nil && $0.failure != nil }) {
            let mark = marks[entry.guest] ?? steps.storedOwner(entry)
            let defined = marks[entry.guest] != nil
            outcomes.append(
                await perform(.restart, entry.guest) { () async throws(ApplyFailure) in
                    if !defined { try await steps.ensureStillOwned(entry) }
                    try await steps.restart(entry.guest, owner: mark)
                })
        }
        return outcomes
    }

    /// One guest's step, and the mark it wrote.
    struct GuestResult: Sendable {
        var outcome: ApplyReport.Outcome
        var mark: OwnershipMetadata?
    }

    /// Runs `body` for several guests at once on the host's connection (`guestWidth` in
    /// flight), in the entries' order in the result; nil results are left out. Guests are
    /// independent here: nothing one does waits on another (a graceful stop waits on its own guest).
    private func concurrently(_ entries: [PlanEntry], _ body: @escaping @Sendable (PlanEntry) async -> GuestResult?) async
        -> [GuestResult]
    {
        await Bounded.map(entries, width: Self.guestWidth, body).compactMap { $0 }
    }

    /// Defines, then starts or stops as the entry says; returns the mark it wrote.
    private func define(_ entry: PlanEntry, record: StorageRecord) async throws(ApplyFailure) -> OwnershipMetadata {
        guard let definition = entry.definition else { throw .cancelled }
        // A running guest keeps its old definition until it reboots: say so on the domain. With
        // --restart the restart step clears it, so a failed restart never hides the old definition.
        let pending = entry.restartNeeded && entry.afterDefine != .stop
        let mark = try await steps.define(entry, definition, restartPending: pending, record: record)
        switch entry.afterDefine {
        case .start: try await steps.start(entry.guest)
        case .stop: try await steps.stop(entry.guest)
        case .none: break
        }
        return mark
    }

    /// After a define that did not happen (or whose mark was not written), what this run made for
    /// the guest must not be left where no mark records it: a guest that exists gets its mark
    /// rewritten with it; for one that was never defined, it is deleted again (it was made seconds
    /// ago and holds nothing), so the next run starts clean. Best effort: a failure here leaves the
    /// volumes, which the next plan shows as not made by virtfleet (used as they are, never deleted).
    private func keepTrack(_ entry: PlanEntry, _ record: StorageRecord) async {
        let exists: Bool
        do {
            _ = try await steps.session.state(of: entry.guest)
            exists = true
        } catch {
            exists = error.cause != .noDomain
        }
        if exists {
            // The mark as it is now, plus what this run made (anything recorded since stays recorded).
            guard let stored = try? await steps.ensureStillOwned(entry) else { return }
            var merged = record
            for volume in stored.volumes { merged.keep(VolumeReference(pool: volume.pool, name: volume.name)) }
            _ = try? await steps.writeStorage(stored, merged)
            return
        }
        let before = Set(entry.observed?.storedVolumes ?? [])
        for volume in record.volumes where !before.contains(volume) { try? await resources.deleteVolume(volume) }
    }

    private static func step(_ adjustment: ResourceAdjustment) -> ApplyStep {
        switch adjustment.power {
        case .start: .start
        case .stop: .stop
        case .none: .autostart
        }
    }

    /// The upload callback for one step: progress events with bytes sent of `total`.
    private func progress(_ label: String, _ step: ApplyStep, _ resource: ResourceKind, _ total: UInt64)
        -> @Sendable (UInt64) -> Void
    {
        let counter = counter
        let host = host
        return { sent in counter.progress(host, label, step, resource, sent: sent, of: total) }
    }

    private func perform(
        _ step: ApplyStep, _ subject: String, _ resource: ResourceKind? = nil, _ body: () async throws(ApplyFailure) -> Void
    ) async -> ApplyReport.Outcome {
        counter.started(host, subject, step, resource)
        do {
            try await body()
            counter.finished(host, subject, step, failure: nil, resource)
            return .init(guest: subject, step: step, failure: nil, resource: resource)
        } catch {
            counter.finished(host, subject, step, failure: error, resource)
            return .init(guest: subject, step: step, failure: error, resource: resource)
        }
    }
}
