import Foundation
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetPlan

/// The libvirt steps for pools, networks, images, volumes and seeds on one host's session.
struct ResourceSteps {
    let session: any HypervisorSession
    /// The cloud-init seeds to upload, by SHA-256 (rebuilt from the inventory, never read from a plan file).
    let seeds: [String: [UInt8]]

    // MARK: Pools

    func createPool(_ creation: ResourceCreation) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.definePool(creation.xml) }
    }

    func startPool(_ name: String) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.startPool(name) }
    }

    func stopPool(_ name: String) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.stopPool(name) }
    }

    func refreshPool(_ name: String) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.refreshPool(name) }
    }

    func poolAutostart(_ name: String, _ on: Bool) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.setPoolAutostart(name, on) }
    }

    /// Checks again that the pool holds no volume (a volume made since the plan keeps it), then
    /// stops it if active and undefines it. Its directory and files stay on disk.
    func deletePool(_ name: String) async throws(ApplyFailure) {
        let observation = try await hypervisorCall { () async throws(HypervisorError) in
            try await session.observe(ObservationScope(pools: [name], volumePools: [name]))
        }
        guard let pool = observation.pools.first(where: { $0.name == name }) else { return }
        let held = observation.volumes.filter { $0.pool == name }.count
        guard held == 0 else { throw .poolNotEmpty(volumes: held) }
        if pool.active { try await stopPool(name) }
        try await hypervisorCall { () async throws(HypervisorError) in try await session.undefinePool(name) }
    }

    // MARK: Networks

    func defineNetwork(_ xml: String) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.defineNetwork(xml) }
    }

    func startNetwork(_ name: String) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.startNetwork(name) }
    }

    func networkAutostart(_ name: String, _ on: Bool) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.setNetworkAutostart(name, on) }
    }

    /// Stops a network once no running guest uses it (checked again right before).
    func stopNetwork(_ name: String) async throws(ApplyFailure) {
        try await ensureUnused(name)
        try await hypervisorCall { () async throws(HypervisorError) in try await session.stopNetwork(name) }
    }

    /// Stops it if it is active now (once no running guest uses it), then undefines it. Whether it
    /// is active is read from the host right before, never taken from the plan.
    func deleteNetwork(_ name: String) async throws(ApplyFailure) {
        let observation = try await hypervisorCall { () async throws(HypervisorError) in
            try await session.observe(ObservationScope(networks: [name]))
        }
        guard let network = observation.networks.first(where: { $0.name == name }) else { return }  // gone already
        if network.active { try await stopNetwork(name) }
        try await hypervisorCall { () async throws(HypervisorError) in try await session.undefineNetwork(name) }
    }

    func editDHCPHost(_ name: String, _ edit: DHCPHostEdit) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in
            try await session.updateNetworkDHCPHost(name, edit.change, hostXML: edit.xml)
        }
    }

    /// Running domains attached to the network now, by its name or its bridge.
    private func ensureUnused(_ name: String) async throws(ApplyFailure) {
        let observation = try await hypervisorCall { () async throws(HypervisorError) in
            try await session.observe(ObservationScope(networks: [name]))
        }
        let users = observation.runningDomains(onNetwork: name)
        guard users.isEmpty else { throw .networkInUse(users) }
    }

    // MARK: Images, volumes and seeds

    /// Creates the image's volume and streams the local file into it; a failed upload removes the
    /// volume it just made, so the next plan does not find a half copy.
    func uploadImage(_ image: ImageEntry, _ upload: ImageUpload, progress: @escaping @Sendable (UInt64) -> Void)
        async throws(ApplyFailure)
    {
        let found = (try? FileManager.default.attributesOfItem(atPath: upload.localPath))?[.size] as? NSNumber
        guard found?.uint64Value == upload.size else { throw .imageFileChanged(planned: upload.size, found: found?.uint64Value) }
        try await hypervisorCall { () async throws(HypervisorError) in try await session.createVolume(in: image.pool, xml: upload.xml) }
        try await uploadOrRemove(.file(path: upload.localPath), to: image.reference, progress: progress)
    }

    func createVolume(_ volume: VolumeEntry, _ creation: VolumeCreation) async throws(ApplyFailure) {
        switch creation.source {
        case .empty, .overlay:
            try await hypervisorCall { () async throws(HypervisorError) in
                try await session.createVolume(in: volume.pool, xml: creation.xml)
            }
        case .clone(_, let from):
            try await hypervisorCall { () async throws(HypervisorError) in
                try await session.cloneVolume(in: volume.pool, xml: creation.xml, from: from)
            }
            // libvirt's copy keeps the source's virtual size whatever the document asks; a larger
            // declared capacity is reached by growing the copy (equal sizes are a no-op).
            try await hypervisorCall { () async throws(HypervisorError) in
                try await session.resizeVolume(volume.reference, capacity: creation.capacity)
            }
        }
    }

    func growVolume(_ volume: VolumeEntry, to capacity: UInt64) async throws(ApplyFailure) {
        try await hypervisorCall { () async throws(HypervisorError) in try await session.resizeVolume(volume.reference, capacity: capacity)
        }
    }

    /// Deletes a volume; one that is already gone counts as deleted.
    func deleteVolume(_ reference: VolumeReference) async throws(ApplyFailure) {
        do {
            try await session.deleteVolume(reference)
        } catch  where error.cause == .noVolume {
            return
        } catch {
            throw .hypervisor(error)
        }
    }

    /// Creates the seed's volume (after deleting the old one when replacing) and uploads the ISO,
    /// whose bytes must hash to the planned hash.
    func uploadSeed(_ seed: SeedEntry, replacing: Bool, progress: @escaping @Sendable (UInt64) -> Void) async throws(ApplyFailure) {
        guard let bytes = seeds[seed.hash], Digests.sha256Hex(bytes: bytes) == seed.hash else { throw .seedUnavailable }
        if replacing { try await deleteVolume(seed.reference) }
        try await hypervisorCall { () async throws(HypervisorError) in try await session.createVolume(in: seed.pool, xml: seed.xml) }
        try await uploadOrRemove(.bytes(bytes), to: seed.reference, progress: progress)
    }

    private func uploadOrRemove(_ source: UploadSource, to reference: VolumeReference, progress: @escaping @Sendable (UInt64) -> Void)
        async throws(ApplyFailure)
    {
        do {
            try await session.upload(source, to: reference, progress: progress)
        } catch {
            try? await session.deleteVolume(reference)
            throw .hypervisor(error)
        }
    }
}
