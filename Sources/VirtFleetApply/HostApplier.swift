import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetPlan

/// Applies one host's entries in a safe order: deletes (a phase of their own, across all hosts),
/// then defines, then starts and stops, then (with `--restart`) reboots, one guest at a time.
/// A failed entry does not stop the rest.
struct HostApplier {
    let host: String
    let steps: GuestSteps
    let counter: ProgressCounter

    /// First phase, on every host before any defines anywhere: the deletes (so a guest moving
    /// between hosts never runs twice).
    func runDeletes(_ entries: [PlanEntry]) async -> [ApplyReport.Outcome] {
        var outcomes: [ApplyReport.Outcome] = []
        for entry in entries where entry.action == .delete {
            outcomes.append(
                await perform(.delete, entry.guest) { () async throws(ApplyFailure) in
                    try await steps.ensureStillOwned(entry)
                    try await steps.delete(entry.guest)
                })
        }
        return outcomes
    }

    /// Second phase: defines, then starts and stops, then (with `--restart`) reboots.
    /// `blocked` are guests whose old copy elsewhere could not be removed: they are not created.
    func runRest(_ entries: [PlanEntry], blocked: [String: String]) async -> [ApplyReport.Outcome] {
        let defines = entries.filter { $0.definition != nil }
        let powers = entries.filter { [.start, .stop].contains($0.action) }
        var outcomes: [ApplyReport.Outcome] = []
        var marks: [String: OwnershipMetadata] = [:]
        for entry in defines + powers {
            guard let step = ApplyStep(entry.action) else { continue }
            if let from = blocked[entry.guest], entry.movesFrom == from {
                outcomes.append(
                    await perform(step, entry.guest) { () async throws(ApplyFailure) in
                        throw .oldCopyRemains(host: from)
                    })
                continue
            }
            outcomes.append(
                await perform(step, entry.guest) { () async throws(ApplyFailure) in
                    marks[entry.guest] = try await self.apply(entry)
                })
        }
        guard steps.options.restart else { return outcomes }
        let restarts = entries.filter(\.restartNeeded)
        for entry in restarts where !outcomes.contains(where: { $0.guest == entry.guest && $0.failure != nil }) {
            let mark = marks[entry.guest] ?? steps.storedOwner(entry)
            outcomes.append(
                await perform(.restart, entry.guest) { () async throws(ApplyFailure) in
                    if marks[entry.guest] == nil { try await steps.ensureStillOwned(entry) }
                    try await steps.restart(entry.guest, owner: mark)
                })
        }
        return outcomes
    }

    /// Runs one entry; returns the ownership mark it wrote, if it defined the guest.
    private func apply(_ entry: PlanEntry) async throws(ApplyFailure) -> OwnershipMetadata? {
        if let definition = entry.definition {
            // A running guest keeps its old definition until it reboots: say so on the domain. With
            // --restart the restart step clears it, so a failed restart never hides the old definition.
            let pending = entry.restartNeeded && entry.afterDefine != .stop
            let mark = try await steps.define(entry, definition, restartPending: pending)
            switch entry.afterDefine {
            case .start: try await steps.start(entry.guest)
            case .stop: try await steps.stop(entry.guest)
            case .none: break
            }
            return mark
        }
        switch entry.change {
        case .start:
            try await steps.ensureStillOwned(entry)
            try await steps.start(entry.guest)
            try await steps.clearPendingRestart(steps.storedOwner(entry))
        case .stop:
            try await steps.ensureStillOwned(entry)
            try await steps.stop(entry.guest)
        default:
            break
        }
        return nil
    }

    private func perform(_ step: ApplyStep, _ guest: String, _ body: () async throws(ApplyFailure) -> Void) async
        -> ApplyReport.Outcome
    {
        await counter.started(host, guest, step)
        do {
            try await body()
            await counter.finished(host, guest, step, failure: nil)
            return .init(guest: guest, step: step, failure: nil)
        } catch {
            await counter.finished(host, guest, step, failure: error)
            return .init(guest: guest, step: step, failure: error)
        }
    }
}
