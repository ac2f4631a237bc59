import Foundation
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetPlan

/// The libvirt steps for one plan entry on one host's session.
struct GuestSteps {
    let session: any HypervisorSession
    let fleet: String
    let options: ApplyOptions

    struct StepError: Error, CustomStringConvertible {
        var description: String
    }

    /// Defines with VALIDATE, checks that nothing asked for was dropped, then stores both hashes
    /// (and whether the running guest still awaits a restart). Returns the mark it wrote.
    @discardableResult
    func define(_ entry: PlanEntry, restartPending: Bool) async throws -> OwnershipMetadata {
        guard let xml = entry.desiredXML else { throw StepError(description: "the plan holds no definition for this guest") }
        try await session.define(xml)
        let desired = DomainHash.withoutOwnership(try XMLParser.parse(xml, file: entry.guest))
        let secure = try XMLParser.parse(try await session.inactiveXML(of: entry.guest, secure: true), file: entry.guest)
        let dropped = DomainSubset.mismatches(desired, in: secure)
        // Hashed the way observe sees it: read with secrets, then stripped of them (DomainHash does that).
        let readback = DomainHash.of(secure)
        // A definition libvirt did not keep whole is never recorded as converged: the next plan shows drift.
        let owner = OwnershipMetadata(fleet: fleet, guest: entry.guest, desiredHash: entry.desiredHash,
                                      readbackHash: dropped.isEmpty ? readback : OwnershipMetadata.unverified,
                                      restartPending: restartPending, pendingRunID: entry.observed?.runID)
        try await write(owner)
        if !dropped.isEmpty {
            throw StepError(description: "libvirt did not keep what the inventory asks for: "
                            + dropped.prefix(5).map(\.description).joined(separator: "; "))
        }
        return owner
    }

    /// The mark a guest carried when planned, for rewriting it without its pending restart.
    func storedOwner(_ entry: PlanEntry) -> OwnershipMetadata? {
        guard let observed = entry.observed else { return nil }
        return OwnershipMetadata(fleet: fleet, guest: entry.guest, desiredHash: observed.storedDesiredHash,
                                 readbackHash: observed.storedReadbackHash, restartPending: observed.restartPending ?? false,
                                 pendingRunID: observed.pendingRunID)
    }

    /// Once the guest has booted its current definition, the pending restart is over.
    func clearPendingRestart(_ owner: OwnershipMetadata?) async throws {
        guard var owner, owner.restartPending else { return }
        owner.restartPending = false
        try await write(owner)
    }

    private func write(_ owner: OwnershipMetadata) async throws {
        try await session.setOwnership(of: owner.guest, element: XMLWriter.string(from: owner.bareElement))
    }

    func start(_ guest: String) async throws {
        try await session.start(guest)
    }

    /// Graceful shutdown; destroy when it has not stopped within the timeout.
    func stop(_ guest: String) async throws {
        guard try await isRunning(guest) else { return }
        try? await session.shutdown(guest)
        let deadline = ContinuousClock.now + options.shutdownTimeout
        while ContinuousClock.now < deadline {
            if try await !isRunning(guest) { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        if try await isRunning(guest) { try await session.destroy(guest) }
    }

    /// Stop (gracefully), then undefine; disk images are never touched.
    func delete(_ guest: String) async throws {
        try await stop(guest)
        try await session.undefine(guest)
    }

    /// Re-checks, right before a destructive step, that the domain of that name is still the one
    /// planned: same UUID and still carrying this fleet's mark. Time passes between the plan's
    /// check and a delete (shutdowns take a while), and other tools do not take virtfleet's lock.
    func ensureStillOwned(_ entry: PlanEntry) async throws {
        let root = try XMLParser.parse(try await session.inactiveXML(of: entry.guest, secure: false), file: entry.guest)
        let uuid = root.first("uuid")?.text
        guard OwnershipMetadata(domain: root)?.fleet == fleet, entry.observed.map({ $0.uuid == uuid }) ?? true else {
            throw StepError(description: "refused: the domain named '\(entry.guest)' is no longer the one this fleet manages")
        }
    }

    func restart(_ guest: String, owner: OwnershipMetadata?) async throws {
        try await stop(guest)
        try await session.start(guest)
        try await clearPendingRestart(owner)
    }

    private func isRunning(_ guest: String) async throws -> Bool {
        ObservedDomain.isActive(try await session.state(of: guest))
    }
}
