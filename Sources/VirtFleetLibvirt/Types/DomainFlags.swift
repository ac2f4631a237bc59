/// `virDomainXMLFlags` for `domainGetXMLDesc`.
public struct DomainXMLFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Include security-sensitive data such as VNC passwords.
    public static let secure = Self(rawValue: 1 << 0)
    /// The persistent (next boot) definition rather than the running one.
    public static let inactive = Self(rawValue: 1 << 1)
    public static let updateCPU = Self(rawValue: 1 << 2)
    public static let migratable = Self(rawValue: 1 << 3)
}

/// `virDomainDefineFlags` for `domainDefineXML`.
public struct DomainDefineFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The server validates the XML against its RelaxNG schema and refuses unknown
    /// elements instead of silently ignoring them.
    public static let validate = Self(rawValue: 1 << 0)
}

/// `virDomainUndefineFlagsValues` for `domainUndefine`.
public struct DomainUndefineFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let managedSave = Self(rawValue: 1 << 0)
    public static let snapshotsMetadata = Self(rawValue: 1 << 1)
    public static let nvram = Self(rawValue: 1 << 2)
    public static let keepNVRAM = Self(rawValue: 1 << 3)
    public static let checkpointsMetadata = Self(rawValue: 1 << 4)
    public static let tpm = Self(rawValue: 1 << 5)
    public static let keepTPM = Self(rawValue: 1 << 6)
}

/// `virConnectListAllDomainsFlags`: filters for `listAllDomains`; empty means all.
public struct ListAllDomainsFlags: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let active = Self(rawValue: 1 << 0)
    public static let inactive = Self(rawValue: 1 << 1)
    public static let persistent = Self(rawValue: 1 << 2)
    public static let transient = Self(rawValue: 1 << 3)
    public static let running = Self(rawValue: 1 << 4)
    public static let paused = Self(rawValue: 1 << 5)
    public static let shutoff = Self(rawValue: 1 << 6)
    public static let other = Self(rawValue: 1 << 7)
    public static let managedSave = Self(rawValue: 1 << 8)
    public static let noManagedSave = Self(rawValue: 1 << 9)
    public static let autostart = Self(rawValue: 1 << 10)
    public static let noAutostart = Self(rawValue: 1 << 11)
    public static let hasSnapshot = Self(rawValue: 1 << 12)
    public static let noSnapshot = Self(rawValue: 1 << 13)
}

/// `virDomainModificationImpact`: whether a change applies to the running domain,
/// the persistent definition, or both. Empty means "current" (whichever the domain has).
public struct DomainModificationImpact: OptionSet, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let live = Self(rawValue: 1 << 0)
    public static let config = Self(rawValue: 1 << 1)
}

/// `virDomainMetadataType`.
public enum DomainMetadataType: Int32, Sendable {
    case description = 0
    case title = 1
    /// An application's own XML element, identified by its namespace URI.
    case element = 2
}
