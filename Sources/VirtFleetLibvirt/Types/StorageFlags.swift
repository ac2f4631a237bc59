/// `virConnectListAllStoragePoolsFlags`: filters for `listAllStoragePools`; empty means all.
public struct ListAllStoragePoolsFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let inactive = Self(rawValue: 1 << 0)
    public static let active = Self(rawValue: 1 << 1)
    public static let persistent = Self(rawValue: 1 << 2)
    public static let transient = Self(rawValue: 1 << 3)
    public static let autostart = Self(rawValue: 1 << 4)
    public static let noAutostart = Self(rawValue: 1 << 5)
    /// Directory pools only.
    public static let dir = Self(rawValue: 1 << 6)
}

/// `virStoragePoolDefineFlags`.
public struct StoragePoolDefineFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The server checks the XML against its schema (libvirt 7.10 and later).
    public static let validate = Self(rawValue: 1 << 0)
}

/// `virStoragePoolBuildFlags`. Empty: a plain build, which for a directory pool creates the
/// directory (and sets its mode and owner, also on an existing directory).
public struct StoragePoolBuildFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let repair = Self(rawValue: 1 << 0)
    public static let resize = Self(rawValue: 1 << 1)
    /// Refuse to format a device that already holds data. Only file-system pools with a source
    /// device know it: libvirt 9 refuses it for directory pools ("No source device specified").
    public static let noOverwrite = Self(rawValue: 1 << 2)
    public static let overwrite = Self(rawValue: 1 << 3)
}

/// `virStoragePoolCreateFlags` for `storagePoolCreate`.
public struct StoragePoolCreateFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let withBuild = Self(rawValue: 1 << 0)
    public static let withBuildOverwrite = Self(rawValue: 1 << 1)
    public static let withBuildNoOverwrite = Self(rawValue: 1 << 2)
}

/// `virStorageXMLFlags` for pool XML.
public struct StorageXMLFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The persistent definition rather than the running one.
    public static let inactive = Self(rawValue: 1 << 0)
}

/// `virStorageVolCreateFlags`.
public struct StorageVolumeCreateFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let preallocateMetadata = Self(rawValue: 1 << 0)
    public static let reflink = Self(rawValue: 1 << 1)
}

/// `virStorageVolResizeFlags`. Without `.shrink` libvirt refuses to make a volume smaller.
public struct StorageVolumeResizeFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let allocate = Self(rawValue: 1 << 0)
    public static let delta = Self(rawValue: 1 << 1)
    public static let shrink = Self(rawValue: 1 << 2)
}

/// `virStorageVolDeleteFlags`.
public struct StorageVolumeDeleteFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let zeroed = Self(rawValue: 1 << 0)
    public static let withSnapshots = Self(rawValue: 1 << 1)
}

/// `virStorageVolInfoFlags` for `storageVolumeGetInfo(_:flags:)`.
public struct StorageVolumeInfoFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Report the file's size on the host in the allocation field (`virStorageVolGetInfoFlags`).
    public static let physical = Self(rawValue: 1 << 0)
}

/// `virStorageVolUploadFlags`.
public struct StorageVolumeUploadFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The stream may carry holes (not used by virtfleet).
    public static let sparseStream = Self(rawValue: 1 << 0)
}

/// `virStoragePoolState`, plus room for states a newer server may add.
public enum StoragePoolState: Hashable, Sendable {
    case inactive, building, running, degraded, inaccessible
    case unknown(Int32)

    public init(code: Int32) {
        switch code {
        case 0: self = .inactive
        case 1: self = .building
        case 2: self = .running
        case 3: self = .degraded
        case 4: self = .inaccessible
        default: self = .unknown(code)
        }
    }

    /// Whether the pool is started (running, even if degraded or inaccessible).
    public var isActive: Bool {
        switch self {
        case .running, .degraded, .inaccessible: true
        case .inactive, .building, .unknown: false
        }
    }
}

/// `virStoragePoolInfo`: state and sizes in bytes.
public struct StoragePoolInfo: Hashable, Sendable, XDRDecodable {
    public var state: StoragePoolState
    public var capacity: UInt64
    public var allocation: UInt64
    public var available: UInt64

    public init(state: StoragePoolState, capacity: UInt64, allocation: UInt64, available: UInt64) {
        self.state = state
        self.capacity = capacity
        self.allocation = allocation
        self.available = available
    }

    /// `remote_storage_pool_get_info_ret`; `unsigned char state` travels as a 4-byte unit.
    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        state = StoragePoolState(code: try decoder.int())
        capacity = try decoder.uhyper()
        allocation = try decoder.uhyper()
        available = try decoder.uhyper()
    }
}

/// `virStorageVolType`.
public enum StorageVolumeType: Hashable, Sendable {
    case file, block, dir, network, netdir, ploop
    case unknown(Int32)

    public init(code: Int32) {
        switch code {
        case 0: self = .file
        case 1: self = .block
        case 2: self = .dir
        case 3: self = .network
        case 4: self = .netdir
        case 5: self = .ploop
        default: self = .unknown(code)
        }
    }
}

/// `virStorageVolInfo`: type and sizes in bytes. With `StorageVolumeInfoFlags.physical`,
/// `allocation` holds the file's size on the host instead.
public struct StorageVolumeInfo: Hashable, Sendable, XDRDecodable {
    public var type: StorageVolumeType
    public var capacity: UInt64
    public var allocation: UInt64

    public init(type: StorageVolumeType, capacity: UInt64, allocation: UInt64) {
        self.type = type
        self.capacity = capacity
        self.allocation = allocation
    }

    /// `remote_storage_vol_get_info_ret`; `char type` travels as a 4-byte unit.
    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        type = StorageVolumeType(code: try decoder.int())
        capacity = try decoder.uhyper()
        allocation = try decoder.uhyper()
    }
}
