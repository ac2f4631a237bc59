import VirtFleetExpansion
import VirtFleetHypervisor

/// A guest's volumes and seed: made before its domain, grown but never shrunk, and deleted only
/// with the guest, only when asked (`delete_volumes`), and only those its mark records.
extension Planner {
    /// Adds the storage entries to a guest's entry (nothing for a conflict: nothing is touched).
    func addStorage(to entry: inout PlanEntry, guest: DesiredGuest, domain: ObservedDomain?, _ context: HostContext) {
        entry.deleteVolumes = guest.deleteVolumes
        let owner = domain?.owner?.fleet == fleet ? domain?.owner : nil
        switch entry.change {
        case .conflict, .noChange(.absentAndNotOurs), .noChange(.absentAndNotDefined):
            return
        case .delete:
            // Declaring the guest absent with `delete_volumes: true` says so on the guest entry too.
            addDeletions(to: &entry, owner: owner, explicitly: guest.deleteVolumes, context)
            return
        default:
            break
        }
        entry.volumes = guest.volumes.map { volumeEntry($0, guest: guest.name, context) }
        entry.seed = guest.seed.map { seedEntry($0, guest: guest.name, owner: owner, context) }
        if let owner, entry.definition == nil { entry.rewritesMark = (owner.deleteVolumes ?? false) != guest.deleteVolumes }
    }

    /// For a deleted domain: its recorded volumes go when the mark says `delete-volumes` (or the
    /// inventory says so for a guest declared absent); otherwise they are listed as kept.
    func addDeletions(to entry: inout PlanEntry, owner: ObservedDomain.Owner?, explicitly: Bool, _ context: HostContext) {
        let recorded = owner?.volumes ?? []
        guard owner?.deleteVolumes == true || explicitly else {
            entry.keptVolumes = recorded
            return
        }
        entry.volumes = recorded.compactMap { reference in
            let found = context.volume(reference)
            // Listed and not there: already gone, nothing to do.
            if found == nil, context.listsVolumes(of: reference.pool) { return nil }
            // A pool that is there but stopped lists no volumes and deletes none.
            if context.pools[reference.pool]?.active == false {
                return VolumeEntry(pool: reference.pool, name: reference.name, change: .poolInactive)
            }
            let users = found.map { context.domains(usingFile: $0.path, except: [entry.guest]) } ?? []
            return VolumeEntry(
                pool: reference.pool, name: reference.name, change: users.isEmpty ? .delete : .inUse(by: users),
                observed: found.map(ObservedVolumeFacts.init))
        }
    }

    /// How a declared volume is made on a host whose declared images are `images`: the one home
    /// of that rule, for the planner and for checking a saved plan against the inventory.
    public static func creation(of volume: DesiredVolume, images: [String: DesiredImage]) -> VolumeCreation {
        let image = volume.image.flatMap { images[$0] }
        let source: VolumeCreation.Source =
            switch volume.source {
            case .empty: .empty
            case .overlay(let name): .overlay(image: name, backingPath: image?.hostPath ?? "")
            case .clone(let name):
                .clone(
                    image: name,
                    from: image.map { VolumeReference(pool: $0.pool, name: $0.volume) } ?? VolumeReference(pool: volume.pool, name: name))
            }
        return VolumeCreation(xml: volume.xml, capacity: volume.capacity, format: volume.format, source: source)
    }

    func volumeEntry(_ volume: DesiredVolume, guest: String, _ context: HostContext) -> VolumeEntry {
        let reference = VolumeReference(pool: volume.pool, name: volume.name)
        let creation = Self.creation(of: volume, images: context.images)
        guard let found = context.volume(reference) else {
            return VolumeEntry(pool: volume.pool, name: volume.name, change: .create(creation))
        }
        let backing: String? = if case .overlay(_, let path) = creation.source { path } else { nil }
        let entry = { (change: VolumeChange) in
            VolumeEntry(pool: volume.pool, name: volume.name, change: change, observed: ObservedVolumeFacts(found))
        }
        let recordedFor = context.recordedBy[reference]
        if let other = recordedFor, other != guest { return entry(.recordedFor(guest: other)) }
        if (found.format != nil && found.format != volume.format) || found.backingPath != backing {
            return entry(
                .differs(
                    VolumeMismatch(
                        wantedFormat: volume.format, foundFormat: found.format, wantedBacking: backing, foundBacking: found.backingPath)))
        }
        guard recordedFor == guest else {
            let users = context.domains(usingFile: found.path, except: [guest])
            return entry(users.isEmpty ? .notOurs : .inUse(by: users))
        }
        if volume.capacity > found.capacity { return entry(.grow(from: found.capacity, to: volume.capacity)) }
        if volume.capacity < found.capacity {
            return entry(.shrinkRefused(from: found.capacity, to: volume.capacity, at: PlanLocation(volume.capacityLocation)))
        }
        return entry(.noChange)
    }

    func seedEntry(_ seed: DesiredSeed, guest: String, owner: ObservedDomain.Owner?, _ context: HostContext) -> SeedEntry {
        let reference = VolumeReference(pool: seed.pool, name: seed.volume)
        let entry = { (change: SeedChange) in
            SeedEntry(
                pool: seed.pool, volume: seed.volume, hash: seed.hash, instanceID: seed.instanceID, size: UInt64(seed.imageSize),
                xml: seed.xml, change: change)
        }
        // The guest has booted with other first-boot data, and keeps its instance id: cloud-init
        // will not look at the new documents.
        let changed = owner != nil && owner?.seedHash != seed.hash
        let firstBootOnly = changed && (owner?.instanceID == nil || owner?.instanceID == seed.instanceID)
        guard context.volume(reference) != nil else {
            // Its pool could not be listed, and the mark says it was uploaded as it is now.
            if !context.listsVolumes(of: seed.pool), owner?.seedHash == seed.hash { return entry(.noChange) }
            return entry(.create(firstBootOnly: firstBootOnly))
        }
        let recordedFor = context.recordedBy[reference]
        guard recordedFor == guest else { return entry(.notOurs(recordedFor: recordedFor)) }
        return entry(changed ? .replace(firstBootOnly: firstBootOnly) : .noChange)
    }
}

extension DesiredVolume {
    /// The image an overlay or clone is made from.
    var image: String? {
        switch source {
        case .empty: nil
        case .overlay(let image), .clone(let image): image
        }
    }
}
