import VirtFleetInventory

/// Chooses a host for each guest of a counted tier. Both strategies keep guests where they
/// are when `count` grows, so scaling up never moves a running guest.
enum HostPlacement {
    static func host(for guest: String, position: Int, hosts: [String], spread: Spread) -> String? {
        guard !hosts.isEmpty else { return nil }
        switch spread {
        case .roundRobin:
            return hosts[position % hosts.count]
        case .hash:
            // Rendezvous hashing: each guest goes to the host with the highest weight for it.
            return hosts.max { weight(guest, $0) < weight(guest, $1) }
        }
    }

    /// FNV-1a over "guest\0host", finished with a 64-bit mix; stable across runs and platforms.
    static func weight(_ guest: String, _ host: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in guest.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0) &* 0x100_0000_01b3
        for byte in host.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
