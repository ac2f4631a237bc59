import VirtFleetDomain
import VirtFleetHypervisor

/// A hash over everything observed on a host, so a saved plan can tell that the host changed.
public enum HostFingerprint {
    public static func of(_ observation: HostObservation) -> String {
        let lines = observation.domains.sorted { $0.name < $1.name }.map { domain in
            [
                domain.name, domain.uuid, domain.state.rawValue, domain.readbackHash,
                domain.owner?.fleet ?? "-", domain.owner?.desiredHash ?? "-", domain.owner?.readbackHash ?? "-",
            ]
            .joined(separator: " ")
        }
        return Digests.sha256Hex(lines.joined(separator: "\n"))
    }
}
