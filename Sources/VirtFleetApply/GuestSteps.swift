import Foundation
import VirtFleetDomain
import VirtFleetObserve
import VirtFleetPlan

/// The libvirt steps for one plan entry on one host's session.
struct GuestSteps {
    let session: any HypervisorSession
    let fleet: String
    let options: ApplyOptions

    struct StepError: Error, CustomStringConvertible {
        var description: String
    }

    /// Defines with VALIDATE, checks that nothing asked for was dropped, then stores both hashes.
    func define(_ entry: PlanEntry) async throws {
        guard let xml = entry.desiredXML else { throw StepError(description: "the plan holds no definition for this guest") }
        try await session.define(xml)
        let desired = DomainHash.withoutOwnership(try XMLParser.parse(xml, file: entry.guest))
        let secure = try XMLParser.parse(try await session.inactiveXML(of: entry.guest, secure: true), file: entry.guest)
        let dropped = DomainSubset.mismatches(desired, in: secure)
        let readback = try DomainHash.of(xml: try await session.inactiveXML(of: entry.guest, secure: false))
        // A definition libvirt did not keep whole is never recorded as converged: the next plan shows drift.
        let owner = OwnershipMetadata(fleet: fleet, guest: entry.guest, desiredHash: entry.desiredHash,
                                      readbackHash: dropped.isEmpty ? readback : OwnershipMetadata.unverified)
        var element = XMLElement("owner")
        for attribute in owner.element.attributes where !attribute.name.hasPrefix("xmlns") {
            element[attribute: attribute.name] = attribute.value
        }
        try await session.setOwnership(of: entry.guest, element: XMLWriter.string(from: element))
        if !dropped.isEmpty {
            throw StepError(description: "libvirt did not keep what the inventory asks for: "
                            + dropped.prefix(5).map(\.description).joined(separator: "; "))
        }
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

    func restart(_ guest: String) async throws {
        try await stop(guest)
        try await session.start(guest)
    }

    private func isRunning(_ guest: String) async throws -> Bool {
        let state = try await session.state(of: guest)
        return state != "shut off" && state != "crashed"
    }
}
