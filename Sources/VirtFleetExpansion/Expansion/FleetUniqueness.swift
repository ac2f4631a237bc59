import VirtFleetDiagnostics
import VirtFleetDomain

/// Fleet-wide identity checks after expansion: a name once per host, each UUID and MAC once per fleet.
enum FleetUniqueness {
    static func check(_ guests: [DesiredGuest], problems: inout Diagnostics) {
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
            for mac in guest.macs {
                if let first = macs[mac] {
                    problems.report(
                        "MAC \(mac) of guest '\(guest.name)' is also used by \(first.name == guest.name && first.host == guest.host ? "another of its interfaces" : "'\(first.name)' (\(first.declaration))")",
                        at: guest.declaration, hint: "MAC addresses must be unique across the fleet")
                } else {
                    macs[mac] = guest
                }
            }
        }
    }
}
