/// An error reported by libvirt itself (`remote_error`), kept structured so callers can
/// branch on `code` and show libvirt's own `message`, plus which host and guest it concerns.
public struct LibvirtError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `virErrorNumber`: what went wrong.
    public var code: ErrorCode
    /// `virErrorDomain`: which part of libvirt reported it (e.g. 10 = QEMU, 12 = DOM, 7 = RPC).
    public var domain: Int32
    /// libvirt's message, as virsh would print it.
    public var message: String?
    /// `virErrorLevel`: 0 none, 1 warning, 2 error.
    public var level: Int32
    /// The domain the server named in the error, if any.
    public var serverDomainName: String?
    public var str1: String?
    public var str2: String?
    public var str3: String?
    public var int1: Int32
    public var int2: Int32

    /// The hypervisor host the call went to, attached by the caller.
    public var host: String?
    /// The guest the call concerned, attached by the caller or taken from the server's error.
    public var guest: String?

    public init(
        code: ErrorCode, domain: Int32 = 0, message: String?, level: Int32 = 2,
        serverDomainName: String? = nil, str1: String? = nil, str2: String? = nil, str3: String? = nil,
        int1: Int32 = 0, int2: Int32 = 0, host: String? = nil, guest: String? = nil
    ) {
        self.code = code
        self.domain = domain
        self.message = message
        self.level = level
        self.serverDomainName = serverDomainName
        self.str1 = str1
        self.str2 = str2
        self.str3 = str3
        self.int1 = int1
        self.int2 = int2
        self.host = host
        self.guest = guest
    }

    /// The same error, saying which host and guest it is about; existing context is kept.
    public func with(host: String? = nil, guest: String? = nil) -> LibvirtError {
        var copy = self
        if copy.host == nil { copy.host = host }
        if copy.guest == nil { copy.guest = guest }
        return copy
    }

    public var description: String {
        var prefix = ""
        if let host { prefix += "host \(host): " }
        if let guest = guest ?? serverDomainName { prefix += "guest \(guest): " }
        return prefix + (message ?? "libvirt error \(code.rawValue) with no message")
    }
}

extension LibvirtError: XDRDecodable {
    /// Decodes `remote_error`, the body of every REPLY with status ERROR.
    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        code = ErrorCode(rawValue: try decoder.int())
        domain = try decoder.int()
        message = try decoder.optional { d throws(XDRError) in try d.string() }
        level = try decoder.int()
        serverDomainName = try decoder.optional { d throws(XDRError) in try DomainReference(from: &d) }?.name
        str1 = try decoder.optional { d throws(XDRError) in try d.string() }
        str2 = try decoder.optional { d throws(XDRError) in try d.string() }
        str3 = try decoder.optional { d throws(XDRError) in try d.string() }
        int1 = try decoder.int()
        int2 = try decoder.int()
        // remote_nonnull_network: name + uuid. libvirt never sets it; read it to stay aligned.
        _ = try decoder.optional { d throws(XDRError) in (try d.string(), try d.fixedOpaque(count: 16)) }
        host = nil
        guest = nil
    }
}

/// libvirt's `virErrorNumber`. Open-ended: unknown codes from newer servers stay representable.
public struct ErrorCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let internalError = Self(rawValue: 1)
    public static let noSupport = Self(rawValue: 3)
    public static let invalidArgument = Self(rawValue: 8)
    public static let operationFailed = Self(rawValue: 9)
    public static let xmlError = Self(rawValue: 27)
    public static let domainExists = Self(rawValue: 28)
    public static let operationDenied = Self(rawValue: 29)
    /// A system call failed on the server; `int1` holds its errno.
    public static let systemError = Self(rawValue: 38)
    public static let rpc = Self(rawValue: 39)
    public static let noDomain = Self(rawValue: 42)
    public static let noNetwork = Self(rawValue: 43)
    public static let authFailed = Self(rawValue: 45)
    public static let noStoragePool = Self(rawValue: 49)
    public static let noStorageVolume = Self(rawValue: 50)
    public static let operationInvalid = Self(rawValue: 55)
    public static let noDomainMetadata = Self(rawValue: 80)
    public static let xmlInvalidSchema = Self(rawValue: 92)
}
