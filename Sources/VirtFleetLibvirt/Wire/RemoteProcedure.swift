/// Procedure numbers of libvirt's REMOTE program (`remote_procedure` in
/// `remote_protocol.x`). Only the procedures virtfleet calls are listed; the
/// numbers are part of libvirt's stable wire ABI.
public struct RemoteProcedure: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let connectOpen = Self(rawValue: 1)
    public static let connectClose = Self(rawValue: 2)
    public static let connectGetType = Self(rawValue: 3)
    public static let connectGetVersion = Self(rawValue: 4)
    public static let nodeGetInfo = Self(rawValue: 6)
    public static let connectGetCapabilities = Self(rawValue: 7)
    public static let domainCreate = Self(rawValue: 9)
    public static let domainDestroy = Self(rawValue: 12)
    public static let domainGetXMLDesc = Self(rawValue: 14)
    public static let domainLookupByName = Self(rawValue: 23)
    public static let domainShutdown = Self(rawValue: 33)
    public static let connectGetHostname = Self(rawValue: 59)
    public static let connectSupportsFeature = Self(rawValue: 60)
    public static let authList = Self(rawValue: 66)
    public static let authPolkit = Self(rawValue: 70)
    public static let connectGetLibVersion = Self(rawValue: 157)
    public static let domainGetState = Self(rawValue: 212)
    public static let domainUndefineFlags = Self(rawValue: 231)
    public static let domainSetMetadata = Self(rawValue: 264)
    public static let domainGetMetadata = Self(rawValue: 265)
    public static let connectListAllDomains = Self(rawValue: 273)
    public static let domainDefineXMLFlags = Self(rawValue: 350)
}

/// Procedure numbers of the KEEPALIVE program (`virkeepaliveprotocol.x`).
public enum KeepaliveProcedure: Int32, Sendable {
    case ping = 1
    case pong = 2
}
