import VirtFleetDomain
import VirtFleetHypervisor

/// A hash over everything observed on a host, so a saved plan can tell that the host changed.
///
/// One line per domain (name, UUID, state, read-back hash, mark), then, when the observation's
/// scope read any, one per pool (UUID, state, autostart, type, path), per volume (format,
/// capacity, backing file) and per network (UUID, state, autostart, definition). What moves by
/// itself while guests run (a volume's allocation, a pool's free space) is left out, so a busy
/// guest does not make every plan stale. With nothing but domains observed, the hash is what it
/// always was.
public enum HostFingerprint {
    public static func of(_ observation: HostObservation) -> String {
        var lines = observation.domains.sorted { $0.name < $1.name }.map { domain in
            [
                domain.name, domain.uuid, domain.state.rawValue, domain.readbackHash,
                domain.owner?.fleet ?? "-", domain.owner?.desiredHash ?? "-", domain.owner?.readbackHash ?? "-",
            ]
            .joined(separator: " ")
        }
        // The storage parts of a mark count too (volumes recorded, seed, delete-volumes), but only
        // when there are any, so older marks keep their lines.
        for domain in observation.domains.sorted(by: { $0.name < $1.name }) {
            guard let owner = domain.owner,
                owner.volumes != nil || owner.seedHash != nil || owner.instanceID != nil || owner.deleteVolumes != nil
            else { continue }
            let volumes = (owner.volumes ?? []).map(\.description).joined(separator: ",")
            lines.append(
                "mark \(domain.name) \(volumes) \(owner.seedHash ?? "-") \(owner.instanceID ?? "-") \(owner.deleteVolumes == true)")
        }
        for pool in observation.pools.sorted(by: { $0.name < $1.name }) {
            lines.append("pool \(pool.name) \(pool.uuid) \(pool.active) \(pool.autostart) \(pool.type) \(pool.path ?? "-")")
        }
        for volume in observation.volumes.sorted(by: { ($0.pool, $0.name) < ($1.pool, $1.name) }) {
            lines.append(
                "volume \(volume.pool)/\(volume.name) \(volume.format ?? "-") \(volume.capacity) \(volume.backingPath ?? "-")")
        }
        for network in observation.networks.sorted(by: { $0.name < $1.name }) {
            lines.append(
                "network \(network.name) \(network.uuid) \(network.active) \(network.autostart) \(Digests.sha256Hex(network.xml))")
        }
        return Digests.sha256Hex(lines.joined(separator: "\n"))
    }
}
