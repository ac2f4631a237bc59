import Foundation
import VirtFleetDiagnostics
import VirtFleetDomain

/// Checks rendered guests against libvirt's RelaxNG schema, one located problem per guest; and
/// pools, networks and volumes against theirs (`storagepool.rng`, `network.rng`, `storagevol.rng`).
public enum SchemaCheck {
    public static func check(_ guests: [DesiredGuest], validator: RelaxNGValidator) throws {
        var problems = Diagnostics()
        for guest in guests {
            let found = validator.problems(in: guest.xml)
            guard !found.isEmpty else { continue }
            problems.report(
                "guest '\(guest.name)' on host '\(guest.host)' does not match libvirt's domain schema: "
                    + found.prefix(3).joined(separator: "; "), at: guest.declaration,
                hint: "render it with 'virtfleet render --limit \(guest.name)' to see the document")
        }
        try problems.check()
    }

    /// The resource documents of `hosts` and of `guests`' volumes and seeds; the schemas are read
    /// from the folder of libvirt's domain schema, and only when there is something to check.
    public static func checkResources(_ hosts: [DesiredHost], guests: [DesiredGuest]) throws {
        var documents: [(schema: String, what: String, xml: String, at: SourceLocation)] = []
        for host in hosts {
            for pool in host.pools {
                documents.append(("storagepool", "pool '\(pool.name)' on host '\(host.host)'", pool.xml, pool.location))
            }
            for network in host.networks {
                documents.append(("network", "network '\(network.name)' on host '\(host.host)'", network.xml, network.location))
            }
            for image in host.images {
                documents.append(("storagevol", "image volume '\(image.volume)' on host '\(host.host)'", image.xml, image.location))
            }
        }
        for guest in guests {
            for volume in guest.volumes {
                documents.append(("storagevol", "volume '\(volume.name)' of guest '\(guest.name)'", volume.xml, volume.capacityLocation))
            }
            if let seed = guest.seed {
                documents.append(("storagevol", "seed volume '\(seed.volume)' of guest '\(guest.name)'", seed.xml, seed.location))
            }
        }
        guard !documents.isEmpty else { return }
        let folder = (RelaxNGValidator.libvirtDomainSchema as NSString).deletingLastPathComponent
        var validators: [String: RelaxNGValidator] = [:]
        var problems = Diagnostics()
        for document in documents {
            let validator: RelaxNGValidator
            if let known = validators[document.schema] {
                validator = known
            } else {
                validator = try RelaxNGValidator(schemaPath: (folder as NSString).appendingPathComponent(document.schema + ".rng"))
                validators[document.schema] = validator
            }
            let found = validator.problems(in: document.xml)
            guard !found.isEmpty else { continue }
            problems.report(
                "\(document.what) does not match libvirt's \(document.schema) schema: " + found.prefix(3).joined(separator: "; "),
                at: document.at, hint: "render it with 'virtfleet render --out DIR' to see the document")
        }
        try problems.check()
    }
}
