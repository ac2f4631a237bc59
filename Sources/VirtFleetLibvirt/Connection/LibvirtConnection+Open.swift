/// Opening and closing: authentication negotiation, `CONNECT_OPEN`, `CONNECT_CLOSE`.
extension LibvirtConnection {
    /// How to open a connection.
    public struct Options: Sendable {
        /// The hypervisor host's name, attached to every error from this connection.
        public var host: String?
        /// Open read-only (`VIR_CONNECT_RO`).
        public var readOnly: Bool
        /// Send keepalive pings and fail the connection when the server stops answering.
        /// nil disables them; server pings are answered either way.
        public var keepalive: KeepalivePolicy?
        /// How long each call, the opening ones included, may wait for its reply before the
        /// call and the connection fail with `.timeout`. nil: no limit.
        public var callTimeout: Duration?

        public init(
            host: String? = nil, readOnly: Bool = false, keepalive: KeepalivePolicy? = KeepalivePolicy(),
            callTimeout: Duration? = .seconds(30)
        ) {
            self.host = host
            self.readOnly = readOnly
            self.keepalive = keepalive
            self.callTimeout = callTimeout
        }
    }

    /// `remote_auth_type`.
    enum AuthType: Int32 {
        case none = 0, sasl = 1, polkit = 2
    }

    /// Opens a connection over `stream` to the hypervisor driver named by `uri`
    /// (e.g. `qemu:///system`): starts keepalive, negotiates authentication, sends
    /// `CONNECT_OPEN`. On failure the stream is closed.
    public static func open(
        stream: any ByteStream, uri: String, options: Options = Options()
    ) async throws -> LibvirtConnection {
        let connection = LibvirtConnection(stream: stream, host: options.host, callTimeout: options.callTimeout)
        await connection.startReading()
        if let keepalive = options.keepalive { await connection.startKeepalive(keepalive) }
        do {
            try await connection.authenticate()
            try await connection.connectOpen(uri: uri, flags: options.readOnly ? 1 : 0)
            if options.keepalive != nil { try await connection.confirmKeepalive() }
        } catch {
            await connection.shutDown(reason: LibvirtConnectionError(.closed, "open failed: \(error)", host: options.host))
            throw error
        }
        return connection
    }

    /// Sends `CONNECT_CLOSE` (waiting at most 5 s for the answer), then closes the stream.
    /// Calls still waiting fail with `.closed`.
    public func close() async {
        beginClosing()
        if isOpen {
            _ = try? await call(.connectClose, body: [], timeout: min(callTimeout ?? .seconds(5), .seconds(5)))
        }
        await shutDown(reason: LibvirtConnectionError(.closed, "the connection was closed", host: host))
    }

    /// `AUTH_LIST`, then whatever the server requires. Over the UNIX socket that
    /// virt-ssh-helper uses, libvirtd offers NONE (or POLKIT for unprivileged users, which
    /// the server decides by itself once asked). SASL needs a client-side exchange that
    /// virtfleet does not implement, so it is refused clearly.
    func authenticate() async throws {
        let types = try await call(.authList, returning: AuthTypeList.self).types
        if types.isEmpty || types.contains(AuthType.none.rawValue) { return }
        if types.contains(AuthType.polkit.rawValue) {
            let complete = try await call(.authPolkit, returning: XDRInt.self).value
            guard complete != 0 else {
                throw LibvirtConnectionError(.unsupportedAuthentication, "polkit authentication did not complete", host: host)
            }
            return
        }
        let names = types.map { AuthType(rawValue: $0).map { "\($0)" } ?? "type \($0)" }
        throw LibvirtConnectionError(
            .unsupportedAuthentication,
            "the libvirt daemon requires \(names.joined(separator: ", ")) authentication, which virtfleet does not support;"
                + " use the UNIX socket with auth none or polkit (e.g. virt-ssh-helper on the host)",
            host: host)
    }

    /// `CONNECT_OPEN`. The name is the URI of the driver on the daemon's side, the same
    /// string virt-ssh-helper was given (libvirt's remote driver sends it with the
    /// transport part removed).
    func connectOpen(uri: String, flags: UInt32) async throws {
        let _: XDRVoid = try await call(.connectOpen, OpenArguments(name: uri, flags: flags))
    }
}

/// `remote_auth_list_ret`.
struct AuthTypeList: XDRDecodable {
    var types: [Int32]
    init(from decoder: inout XDRDecoder) throws(XDRError) {
        types = try decoder.array(max: 20) { d throws(XDRError) in try d.int() }
    }
}

/// `remote_connect_open_args`.
struct OpenArguments: XDREncodable {
    var name: String?
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.optional(name) { $0.string($1) }
        encoder.uint(flags)
    }
}
