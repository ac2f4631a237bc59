import VirtFleetDomain

/// Gives every interface without an explicit MAC a derived one, unique across the fleet.
///
/// A derived MAC is 52:54:00 plus 24 bits of a hash of (fleet, guest, NIC position); in fleets of
/// thousands of NICs two such hashes can meet, so candidates are probed in a fixed order (guests
/// by name) and a taken one is skipped. Explicit MACs are never changed.
enum MACAssignment {
    static func assign(_ guests: inout [DesiredGuest], fleet: String) {
        var taken = Set(guests.flatMap(\.macs))
        let order = guests.indices.sorted { (guests[$0].name, guests[$0].host) < (guests[$1].name, guests[$1].host) }
        for index in order {
            let name = guests[index].name
            guests[index].domain.modifyChild("devices") { devices in
                var position = 0
                for (childIndex, child) in devices.children.enumerated() {
                    guard case .element(var interface) = child, interface.name == "interface" else { continue }
                    defer { position += 1 }
                    guard interface.first("mac") == nil else { continue }
                    var attempt = 0
                    var mac = Identity.mac(fleet: fleet, guest: name, interface: position)
                    while taken.contains(mac) {
                        attempt += 1
                        mac = Identity.mac(fleet: fleet, guest: name, interface: position, attempt: attempt)
                    }
                    taken.insert(mac)
                    interface.children.insert(.element(DomainXMLElement("mac", attributes: [XMLAttribute("address", mac)])), at: 0)
                    devices.children[childIndex] = .element(interface)
                }
            }
        }
    }
}
