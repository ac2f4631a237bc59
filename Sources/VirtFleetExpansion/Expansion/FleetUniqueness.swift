import VirtFleetDiagnostics
import VirtFleetDomain

/// Fleet-wide identity checks after expansion: a name once per host, each UUID and MAC once per fleet.
/// A MAC repeated on interfaces of one guest is only a warning: libvirt accepts it.
enum FleetUniqueness {
    static func check(_ guests: [DesiredGuest], problems: inout Diagnostics, warnings: inout GuestWarnings) {
        var names: [String: DesiredGuest] = [:]
        var uuids: [String: DesiredGuest] = [:]
        var macs: [String: DesiredGuest] = [:]
        for guest in guests {
            let key = "\(guest.host)/\(guest.name)"
            if let first = names[key] {
                problems.report(
                    "guest '\(guest.name)' is declared twice on host '\(guest.host)' (also at \(first.declaration))",
                    at: guest.declaration, hint: "names must be unique on a host")
                continue
            }
            names[key] = guest
            if let first = uuids[guest.uuid], first.name != guest.name || first.host != guest.host {
                problems.report(
                    "UUID \(guest.uuid) of guest '\(guest.name)' is also used by '\(first.name)' (\(first.declaration))",
                    at: guest.declaration,
                    hint: "a UUID must be unique across the fleet; guest names derive UUIDs, so use distinct names or explicit uuids")
            } else {
                uuids[guest.uuid] = guest
            }
            var repeated: [String] = []
            for mac in guest.macs {
                if let first = macs[mac] {
                    guard first.name != guest.name || first.host != guest.host else {
                        if !repeated.contains(mac) { repeated.append(mac) }
                        continue
                    }
                    problems.report(
                        "MAC \(mac) of guest '\(guest.name)' is also used by '\(first.name)' (\(first.declaration))",
                        at: guest.declaration, hint: "MAC addresses must be unique across the fleet")
                } else {
                    macs[mac] = guest
                }
            }
            for mac in repeated {
                warnings.add(
                    [
                        Warning(
                            "MAC \(mac) is on more than one interface of guest '\(guest.name)'", at: guest.declaration,
                            hint: "libvirt accepts it, but the guest's network sees one address twice; give each interface its own")
                    ], for: guest)
            }
        }
    }
}
