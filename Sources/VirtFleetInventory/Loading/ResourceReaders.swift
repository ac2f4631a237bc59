import Foundation
import VirtFleetDiagnostics

/// Reads `pools:` and `networks:` blocks (fleet, group or host level), each entry on its own so
/// one run reports every bad entry.
enum ResourceBlocks {
    static func pools(_ node: ConfigNode, scope: String, problems: inout Diagnostics) -> [PoolDeclaration] {
        entries(of: node, what: "pools", problems: &problems).compactMap { entry in
            problems.capture { try PoolReader.read(entry, scope: scope) }
        }
    }

    static func networks(_ node: ConfigNode, scope: String, problems: inout Diagnostics) -> [NetworkDeclaration] {
        entries(of: node, what: "networks", problems: &problems).compactMap { entry in
            problems.capture { try NetworkReader.read(entry, scope: scope) }
        }
    }

    static func entries(of node: ConfigNode, what: String, problems: inout Diagnostics) -> [ConfigEntry] {
        if node.isNull { return [] }
        guard let entries = node.entries else {
            problems.report(
                "'\(what)' must be a mapping of names to settings, not \(node.kindName)", at: node.location,
                hint: "write each as 'NAME: { … }'")
            return []
        }
        return entries
    }
}

/// Reads one `pools:` entry: `NAME: {type: dir, path: /abs, state: active, autostart: true}`.
enum PoolReader {
    static let keys = ["type", "path", "state", "autostart"]

    static func read(_ entry: ConfigEntry, scope: String) throws -> PoolDeclaration {
        try Names.check(entry.key, what: "pool", at: entry.keyLocation)
        let reader = try MappingReader(entry.value, context: "pool '\(entry.key)'", allowed: keys)
        if let type = reader.node("type") {
            let text = try type.asString("type")
            guard text == "dir" else {
                throw Diagnostic(
                    "pool type '\(text)': only dir pools are supported", at: type.location,
                    hint: "use type: dir (a folder on the host), or leave 'type' out")
            }
        }
        let pathNode = try reader.required("path")
        let path = try HostPath.check(try pathNode.asString("path"), what: "pool path", at: pathNode.location)
        return PoolDeclaration(
            name: entry.key, location: entry.keyLocation, path: path,
            state: try reader.enum("state", DeclaredResourceState.self) ?? .active,
            autostart: try reader.bool("autostart") ?? true, scope: scope)
    }
}

/// Absolute paths on a hypervisor, as pools declare them.
enum HostPath {
    /// The path without a trailing `/`; refused unless absolute and free of `.`, `..` and empty parts.
    static func check(_ path: String, what: String, at location: SourceLocation) throws -> String {
        guard path.hasPrefix("/") else {
            throw Diagnostic(
                "\(what) '\(path)' is not absolute", at: location,
                hint: "write the full path on the host, such as /var/lib/virtfleet/images")
        }
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard trimmed != "/", !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw Diagnostic(
                "\(what) '\(path)' is not a plain folder path", at: location,
                hint: "write it without '//', '.' or '..' parts, and not the root folder itself")
        }
        return trimmed
    }
}

/// Reads one `networks:` entry.
enum NetworkReader {
    static let keys = ["mode", "bridge", "ip", "dhcp", "state", "autostart"]
    /// Linux keeps interface names in IFNAMSIZ (16) bytes, the terminating NUL included.
    static let maximumBridgeLength = 15

    static func read(_ entry: ConfigEntry, scope: String) throws -> NetworkDeclaration {
        try Names.check(entry.key, what: "network", at: entry.keyLocation)
        let context = "network '\(entry.key)'"
        let reader = try MappingReader(entry.value, context: context, allowed: keys)
        var network = NetworkDeclaration(
            name: entry.key, location: entry.keyLocation, mode: try reader.enum("mode", NetworkMode.self) ?? .isolated,
            state: try reader.enum("state", DeclaredResourceState.self) ?? .active,
            autostart: try reader.bool("autostart") ?? true, scope: scope)
        if let bridge = reader.node("bridge") {
            network.bridge = try bridgeName(bridge)
        } else if network.mode == .bridge {
            throw Diagnostic(
                "\(context) has mode bridge but no 'bridge'", at: entry.keyLocation,
                hint: "name the existing host bridge the network attaches to, such as bridge: br0")
        }
        if let ipNode = reader.node("ip") {
            if network.mode == .bridge {
                throw Diagnostic(
                    "'ip' does not apply to mode bridge", at: ipNode.location,
                    hint: "the host bridge's own network hands out addresses; remove 'ip' (and 'dhcp'), or use mode nat or isolated")
            }
            network.ip = try interface(ipNode)
        }
        if let dhcp = reader.node("dhcp") {
            guard let ip = network.ip else {
                throw Diagnostic(
                    "'dhcp' needs the network's 'ip'", at: dhcp.location,
                    hint: network.mode == .bridge
                        ? "mode bridge networks get addresses from the host bridge's network; remove 'dhcp'"
                        : "add ip: ADDRESS/PREFIX, such as 10.77.0.1/24")
            }
            try readDHCP(dhcp, ip: ip, into: &network)
        }
        return network
    }

    static func bridgeName(_ node: ConfigNode) throws -> String {
        let name = try node.asString("bridge")
        guard name.utf8.count <= maximumBridgeLength else {
            throw Diagnostic(
                "bridge name '\(name)' has \(name.utf8.count) characters, more than the \(maximumBridgeLength) Linux allows",
                at: node.location, hint: "use a shorter name, such as vfbr-\(name.prefix(6))")
        }
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        guard !name.isEmpty, allowed, name != ".", name != ".." else {
            throw Diagnostic("'\(name)' is not a valid bridge name", at: node.location, hint: "use letters, digits, '-', '_' and '.'")
        }
        return name
    }

    static func interface(_ node: ConfigNode) throws -> IPv4Interface {
        let text = try node.asString("ip")
        if text.contains(":") {
            throw Diagnostic(
                "'\(text)': only IPv4 networks are supported", at: node.location, hint: "write an IPv4 address such as 10.77.0.1/24")
        }
        guard let ip = IPv4Interface(text) else {
            throw Diagnostic(
                "'\(text)' is not an IPv4 address with a prefix length", at: node.location,
                hint: "write the host's address on the network and the prefix (1–30), such as 10.77.0.1/24")
        }
        guard ip.containsHost(ip.address) else {
            throw Diagnostic(
                "'\(text)' is the \(ip.address == ip.network ? "network" : "broadcast") address of \(ip.network)/\(ip.prefix)",
                at: node.location,
                hint: "give the host an address inside the subnet, such as \(IPv4Address(ip.network.value + 1))/\(ip.prefix)")
        }
        return ip
    }

    static func address(_ node: ConfigNode, _ what: String, in ip: IPv4Interface) throws -> IPv4Address {
        let text = try node.asString(what)
        guard let address = IPv4Address(text) else {
            throw Diagnostic("'\(text)' is not an IPv4 address", at: node.location, hint: "write four numbers 0–255, such as 10.77.0.100")
        }
        guard ip.containsHost(address) else {
            throw Diagnostic(
                "\(what) \(address) is outside the network \(ip.network)/\(ip.prefix)", at: node.location,
                hint: "use an address between \(IPv4Address(ip.network.value + 1)) and \(IPv4Address(ip.broadcast.value - 1))")
        }
        return address
    }

    static func readDHCP(_ node: ConfigNode, ip: IPv4Interface, into network: inout NetworkDeclaration) throws {
        let reader = try MappingReader(node, context: "dhcp", allowed: ["range", "hosts"])
        if let rangeNode = reader.node("range") {
            let range = try MappingReader(rangeNode, context: "dhcp range", allowed: ["start", "end"])
            let start = try address(try range.required("start"), "range start", in: ip)
            let endNode = try range.required("end")
            let end = try address(endNode, "range end", in: ip)
            guard start <= end else {
                throw Diagnostic(
                    "dhcp range is reversed: end \(end) comes before start \(start)", at: endNode.location,
                    hint: "swap start and end")
            }
            network.dhcpRange = (start, end)
        }
        var guests: [String: SourceLocation] = [:]
        var addresses: [IPv4Address: SourceLocation] = [:]
        for item in try reader.list("hosts") {
            let host = try MappingReader(item, context: "dhcp host", allowed: ["guest", "ip"])
            let guestNode = try host.required("guest")
            let guest = try guestNode.asString("guest")
            let ipNode = try host.required("ip")
            let fixed = try address(ipNode, "dhcp host ip", in: ip)
            if fixed == ip.address {
                throw Diagnostic(
                    "dhcp host ip \(fixed) is the host's own address on this network", at: ipNode.location,
                    hint: "give the guest another address")
            }
            if let first = guests[guest] {
                throw Diagnostic(
                    "guest '\(guest)' has a dhcp host entry already (at \(first))", at: guestNode.location,
                    hint: "give each guest one entry per network")
            }
            if let first = addresses[fixed] {
                throw Diagnostic(
                    "dhcp host ip \(fixed) is already given to another guest (at \(first))", at: ipNode.location,
                    hint: "give each guest its own address")
            }
            guests[guest] = guestNode.location
            addresses[fixed] = ipNode.location
            network.dhcpHosts.append(
                NetworkDeclaration.StaticHost(guest: guest, guestLocation: guestNode.location, ip: fixed, ipLocation: ipNode.location))
        }
    }
}

/// Reads one fleet-level `images:` entry.
enum ImageReader {
    static let keys = ["path", "sha256", "format", "pool", "volume"]

    static func read(_ entry: ConfigEntry, relativeTo folder: String) throws -> ImageDeclaration {
        try Names.check(entry.key, what: "image", at: entry.keyLocation)
        let reader = try MappingReader(entry.value, context: "image '\(entry.key)'", allowed: keys)
        let pathNode = try reader.required("path")
        let path = try pathNode.asString("path")
        guard !path.isEmpty else {
            throw Diagnostic("image path is empty", at: pathNode.location, hint: "name the local image file, relative to this file")
        }
        var sha256: String?
        if let node = reader.node("sha256") {
            let text = try node.asString("sha256").lowercased()
            guard text.utf8.count == 64, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw Diagnostic(
                    "sha256 must be 64 hex digits", at: node.location,
                    hint: "copy the output of 'sha256sum \((path as NSString).lastPathComponent)'")
            }
            sha256 = text
        }
        let format = try reader.enum("format", VolumeFormat.self) ?? .qcow2
        let poolNode = try reader.required("pool")
        let pool = try poolNode.asString("pool")
        try Names.check(pool, what: "pool", at: poolNode.location)
        let volume: String
        let volumeLocation: SourceLocation
        if let node = reader.node("volume") {
            volume = try node.asString("volume")
            try Names.checkVolume(volume, at: node.location)
            volumeLocation = node.location
        } else {
            volume = sha256.map { "\(entry.key)-\($0.prefix(12)).\(format.rawValue)" } ?? "\(entry.key).\(format.rawValue)"
            volumeLocation = entry.keyLocation
        }
        return ImageDeclaration(
            name: entry.key, location: entry.keyLocation, path: PathExpansion.resolve(path, relativeTo: folder),
            pathLocation: pathNode.location, sha256: sha256, format: format, formatLocation: reader.node("format")?.location,
            pool: pool, poolLocation: poolNode.location, volume: volume, volumeLocation: volumeLocation)
    }
}
