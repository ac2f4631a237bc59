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
    public static let domainInterfaceAddresses = Self(rawValue: 353)
}

/// Procedure numbers of the KEEPALIVE program (`virkeepaliveprotocol.x`).
public enum KeepaliveProcedure: Int32, Sendable {
    case ping = 1
    case pong = 2
}

extension RemoteProcedure: CustomStringConvertible {
    /// libvirt's own name for the procedure (`CONNECT_OPEN`), as messages name it.
    public var description: String {
        switch self {
        case .connectOpen: "CONNECT_OPEN"
        case .connectClose: "CONNECT_CLOSE"
        case .connectGetType: "CONNECT_GET_TYPE"
        case .connectGetVersion: "CONNECT_GET_VERSION"
        case .nodeGetInfo: "NODE_GET_INFO"
        case .connectGetCapabilities: "CONNECT_GET_CAPABILITIES"
        case .domainCreate: "DOMAIN_CREATE"
        case .domainDestroy: "DOMAIN_DESTROY"
        case .domainGetXMLDesc: "DOMAIN_GET_XML_DESC"
        case .domainLookupByName: "DOMAIN_LOOKUP_BY_NAME"
        case .domainShutdown: "DOMAIN_SHUTDOWN"
        case .connectGetHostname: "CONNECT_GET_HOSTNAME"
        case .connectSupportsFeature: "CONNECT_SUPPORTS_FEATURE"
        case .authList: "AUTH_LIST"
        case .authPolkit: "AUTH_POLKIT"
        case .connectGetLibVersion: "CONNECT_GET_LIB_VERSION"
        case .domainGetState: "DOMAIN_GET_STATE"
        case .domainUndefineFlags: "DOMAIN_UNDEFINE_FLAGS"
        case .domainSetMetadata: "DOMAIN_SET_METADATA"
        case .domainGetMetadata: "DOMAIN_GET_METADATA"
        case .connectListAllDomains: "CONNECT_LIST_ALL_DOMAINS"
        case .domainDefineXMLFlags: "DOMAIN_DEFINE_XML_FLAGS"
        case .domainInterfaceAddresses: "DOMAIN_INTERFACE_ADDRESSES"
        default: "procedure \(rawValue)"
        }
    }
}

/// A duration for people: `34.6 s`, `250 ms`.
public func describeDuration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let total = Double(seconds) + Double(attoseconds) / 1e18
    if total < 1 { return "\(Int((total * 1000).rounded())) ms" }
    let tenths = (total * 10).rounded() / 10
    return tenths == tenths.rounded() ? "\(Int(tenths)) s" : "\(tenths) s"
}
