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
            outcomes.append(await perform("delete", entry.guest) {
                try await steps.ensureStillOwned(entry)
                try await steps.delete(entry.guest)
            })
        }
        return outcomes
    }

    /// Second phase: defines, then starts and stops, then (with `--restart`) reboots.
    /// `blocked` are guests whose old copy elsewhere could not be removed: they are not created.
    func runRest(_ entries: [PlanEntry], blocked: [String: String]) async -> [ApplyReport.Outcome] {
        let changes = entries.filter(\.action.isChange)
        let ordered = changes.filter { [.create, .update, .drift].contains($0.action) }
            + changes.filter { [.start, .stop].contains($0.action) }
        var outcomes: [ApplyReport.Outcome] = []
        var marks: [String: OwnershipMetadata] = [:]
        for entry in ordered {
            if let from = blocked[entry.guest], entry.movesFrom == from {
                outcomes.append(await perform(entry.action.rawValue, entry.guest) {
                    throw GuestSteps.StepError(description: "not created: its old copy on \(from) was not removed")
                })
                continue
            }
            outcomes.append(await perform(entry.action.rawValue, entry.guest) { marks[entry.guest] = try await self.apply(entry) })
        }
        guard steps.options.restart else { return outcomes }
        let restarts = ordered.filter(\.restartNeeded) + entries.filter { $0.action == .restart }
        for entry in restarts where !outcomes.contains(where: { $0.guest == entry.guest && $0.error != nil }) {
            let mark = marks[entry.guest] ?? steps.storedOwner(entry)
            outcomes.append(await perform("restart", entry.guest) { try await steps.restart(entry.guest, owner: mark) })
        }
        return outcomes
    }

    /// Runs one entry; returns the ownership mark it wrote, if it defined the guest.
    private func apply(_ entry: PlanEntry) async throws -> OwnershipMetadata? {
        switch entry.action {
        case .delete:
            break  // done in the first phase
        case .create, .update, .drift:
            // A running guest keeps its old definition until it reboots: say so on the domain. With
            // --restart the restart step clears it, so a failed restart never hides the old definition.
            let pending = entry.restartNeeded && !entry.stopAfterDefine
            let mark = try await steps.define(entry, restartPending: pending)
            if entry.startAfterDefine { try await steps.start(entry.guest) }
            if entry.stopAfterDefine { try await steps.stop(entry.guest) }
            return mark
        case .start:
            try await steps.start(entry.guest)
            try await steps.clearPendingRestart(steps.storedOwner(entry))
        case .stop:
            try await steps.ensureStillOwned(entry)
            try await steps.stop(entry.guest)
        case .conflict, .noChange, .restart:
            break
        }
        return nil
    }

    private func perform(_ step: String, _ guest: String, _ body: () async throws -> Void) async -> ApplyReport.Outcome {
        await counter.started(host, guest, step)
        do {
            try await body()
            await counter.finished(host, guest, step, error: nil)
            return .init(guest: guest, action: step, error: nil)
        } catch {
            let message = String(describing: error)
            await counter.finished(host, guest, step, error: message)
            return .init(guest: guest, action: step, error: message)
        }
    }
}
