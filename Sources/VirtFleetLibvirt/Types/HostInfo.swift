/// A libvirt or hypervisor version. libvirt sends versions as one number,
/// major * 1,000,000 + minor * 1,000 + release.
public struct LibvirtVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var release: UInt64

    public init(major: UInt64, minor: UInt64, release: UInt64) {
        self.major = major
        self.minor = minor
        self.release = release
    }

    public init(encoded: UInt64) {
        self.init(major: encoded / 1_000_000, minor: encoded / 1_000 % 1_000, release: encoded % 1_000)
    }

    public var encoded: UInt64 { major * 1_000_000 + minor * 1_000 + release }
    public var description: String { "\(major).\(minor).\(release)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.encoded < rhs.encoded }
}

/// A host's capacity as `virNodeGetInfo` reports it.
public struct NodeInfo: Hashable, Sendable, XDRDecodable {
    /// CPU model (architecture), e.g. "x86_64".
    public var model: String
    /// Memory in KiB.
    public var memoryKiB: UInt64
    /// Active CPUs.
    public var cpus: Int32
    /// Expected CPU frequency in MHz; 0 when unknown.
    public var mhz: Int32
    public var nodes: Int32
    public var sockets: Int32
    public var cores: Int32
    public var threads: Int32

    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        // `char model[32]` is an XDR vector of 32 chars, each carried in a 4-byte unit.
        var characters: [UInt8] = []
        for _ in 0..<32 { characters.append(UInt8(truncatingIfNeeded: try decoder.int())) }
        let end = characters.firstIndex(of: 0) ?? characters.count
        model = String(decoding: characters[..<end], as: UTF8.self)
        memoryKiB = try decoder.uhyper()
        cpus = try decoder.int()
        mhz = try decoder.int()
        nodes = try decoder.int()
        sockets = try decoder.int()
        cores = try decoder.int()
        threads = try decoder.int()
    }
}
