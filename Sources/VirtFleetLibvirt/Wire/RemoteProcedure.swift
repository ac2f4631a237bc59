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
    public static let networkCreate = Self(rawValue: 39)
    public static let networkDefineXML = Self(rawValue: 41)
    public static let networkDestroy = Self(rawValue: 42)
    public static let networkGetXMLDesc = Self(rawValue: 43)
    public static let networkGetAutostart = Self(rawValue: 44)
    public static let networkLookupByName = Self(rawValue: 46)
    public static let networkSetAutostart = Self(rawValue: 48)
    public static let networkUndefine = Self(rawValue: 49)
    public static let connectGetHostname = Self(rawValue: 59)
    public static let connectSupportsFeature = Self(rawValue: 60)
    public static let authList = Self(rawValue: 66)
    public static let authPolkit = Self(rawValue: 70)
    public static let storagePoolDefineXML = Self(rawValue: 77)
    public static let storagePoolCreate = Self(rawValue: 78)
    public static let storagePoolBuild = Self(rawValue: 79)
    public static let storagePoolDestroy = Self(rawValue: 80)
    public static let storagePoolUndefine = Self(rawValue: 82)
    public static let storagePoolRefresh = Self(rawValue: 83)
    public static let storagePoolLookupByName = Self(rawValue: 84)
    public static let storagePoolGetInfo = Self(rawValue: 87)
    public static let storagePoolGetXMLDesc = Self(rawValue: 88)
    public static let storagePoolGetAutostart = Self(rawValue: 89)
    public static let storagePoolSetAutostart = Self(rawValue: 90)
    public static let storageVolCreateXML = Self(rawValue: 93)
    public static let storageVolDelete = Self(rawValue: 94)
    public static let storageVolLookupByName = Self(rawValue: 95)
    public static let storageVolGetInfo = Self(rawValue: 98)
    public static let storageVolGetXMLDesc = Self(rawValue: 99)
    public static let storageVolCreateXMLFrom = Self(rawValue: 125)
    public static let networkIsActive = Self(rawValue: 152)
    public static let connectGetLibVersion = Self(rawValue: 157)
    /// Opens a stream on its serial: the volume's new contents follow as STREAM packets.
    public static let storageVolUpload = Self(rawValue: 208)
    public static let domainGetState = Self(rawValue: 212)
    public static let domainUndefineFlags = Self(rawValue: 231)
    public static let storageVolResize = Self(rawValue: 260)
    public static let domainSetMetadata = Self(rawValue: 264)
    public static let domainGetMetadata = Self(rawValue: 265)
    public static let connectListAllDomains = Self(rawValue: 273)
    public static let connectListAllStoragePools = Self(rawValue: 281)
    public static let storagePoolListAllVolumes = Self(rawValue: 282)
    public static let connectListAllNetworks = Self(rawValue: 283)
    public static let networkUpdate = Self(rawValue: 291)
    public static let domainDefineXMLFlags = Self(rawValue: 350)
    public static let domainInterfaceAddresses = Self(rawValue: 353)
    /// libvirt 3.0 and later.
    public static let storageVolGetInfoFlags = Self(rawValue: 378)
    /// libvirt 7.7 and later; older daemons answer "unknown procedure".
    public static let networkDefineXMLFlags = Self(rawValue: 432)
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
        case .networkCreate: "NETWORK_CREATE"
        case .networkDefineXML: "NETWORK_DEFINE_XML"
        case .networkDestroy: "NETWORK_DESTROY"
        case .networkGetXMLDesc: "NETWORK_GET_XML_DESC"
        case .networkGetAutostart: "NETWORK_GET_AUTOSTART"
        case .networkLookupByName: "NETWORK_LOOKUP_BY_NAME"
        case .networkSetAutostart: "NETWORK_SET_AUTOSTART"
        case .networkUndefine: "NETWORK_UNDEFINE"
        case .networkIsActive: "NETWORK_IS_ACTIVE"
        case .networkUpdate: "NETWORK_UPDATE"
        case .networkDefineXMLFlags: "NETWORK_DEFINE_XML_FLAGS"
        case .connectListAllNetworks: "CONNECT_LIST_ALL_NETWORKS"
        case .storagePoolDefineXML: "STORAGE_POOL_DEFINE_XML"
        case .storagePoolCreate: "STORAGE_POOL_CREATE"
        case .storagePoolBuild: "STORAGE_POOL_BUILD"
        case .storagePoolDestroy: "STORAGE_POOL_DESTROY"
        case .storagePoolUndefine: "STORAGE_POOL_UNDEFINE"
        case .storagePoolRefresh: "STORAGE_POOL_REFRESH"
        case .storagePoolLookupByName: "STORAGE_POOL_LOOKUP_BY_NAME"
        case .storagePoolGetInfo: "STORAGE_POOL_GET_INFO"
        case .storagePoolGetXMLDesc: "STORAGE_POOL_GET_XML_DESC"
        case .storagePoolGetAutostart: "STORAGE_POOL_GET_AUTOSTART"
        case .storagePoolSetAutostart: "STORAGE_POOL_SET_AUTOSTART"
        case .storagePoolListAllVolumes: "STORAGE_POOL_LIST_ALL_VOLUMES"
        case .connectListAllStoragePools: "CONNECT_LIST_ALL_STORAGE_POOLS"
        case .storageVolCreateXML: "STORAGE_VOL_CREATE_XML"
        case .storageVolCreateXMLFrom: "STORAGE_VOL_CREATE_XML_FROM"
        case .storageVolDelete: "STORAGE_VOL_DELETE"
        case .storageVolLookupByName: "STORAGE_VOL_LOOKUP_BY_NAME"
        case .storageVolGetInfo: "STORAGE_VOL_GET_INFO"
        case .storageVolGetInfoFlags: "STORAGE_VOL_GET_INFO_FLAGS"
        case .storageVolGetXMLDesc: "STORAGE_VOL_GET_XML_DESC"
        case .storageVolResize: "STORAGE_VOL_RESIZE"
        case .storageVolUpload: "STORAGE_VOL_UPLOAD"
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
