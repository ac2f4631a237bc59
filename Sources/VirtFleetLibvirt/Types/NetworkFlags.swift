/// `virConnectListAllNetworksFlags`: filters for `listAllNetworks`; empty means all.
public struct ListAllNetworksFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let inactive = Self(rawValue: 1 << 0)
    public static let active = Self(rawValue: 1 << 1)
    public static let persistent = Self(rawValue: 1 << 2)
    public static let transient = Self(rawValue: 1 << 3)
    public static let autostart = Self(rawValue: 1 << 4)
    public static let noAutostart = Self(rawValue: 1 << 5)
}

/// `virNetworkXMLFlags`.
public struct NetworkXMLFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The persistent definition rather than the running one.
    public static let inactive = Self(rawValue: 1 << 0)
}

/// `virNetworkDefineFlags` (libvirt 7.7 and later, with `NETWORK_DEFINE_XML_FLAGS`).
public struct NetworkDefineFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The server checks the XML against its schema.
    public static let validate = Self(rawValue: 1 << 0)
}

/// `virNetworkUpdateCommand`: what `networkUpdate` does with the XML fragment.
public enum NetworkUpdateCommand: UInt32, Sendable {
    case modify = 1
    case delete = 2
    case addLast = 3
    case addFirst = 4
}

/// `virNetworkUpdateSection`: which part of the network definition `networkUpdate` changes.
public enum NetworkUpdateSection: UInt32, Sendable {
    case bridge = 1
    case domain = 2
    case ip = 3
    /// `<ip><dhcp><host/>`: a static DHCP entry.
    case ipDHCPHost = 4
    case ipDHCPRange = 5
    case forward = 6
    case forwardInterface = 7
    case forwardPF = 8
    case portGroup = 9
    case dnsHost = 10
    case dnsTXT = 11
    case dnsSRV = 12
}

/// `virNetworkUpdateFlags`: the running network, the persistent definition, or both.
/// Empty means "current" (whichever the network has).
public struct NetworkUpdateFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let live = Self(rawValue: 1 << 0)
    public static let config = Self(rawValue: 1 << 1)
}
