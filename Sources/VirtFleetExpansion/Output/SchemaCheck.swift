import VirtFleetDiagnostics
import VirtFleetDomain

/// Checks rendered guests against libvirt's RelaxNG schema, one located problem per guest.
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
}
