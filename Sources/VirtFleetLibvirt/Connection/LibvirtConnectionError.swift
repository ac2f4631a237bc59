/// A failure of the connection itself (transport gone, protocol broken, unsupported
/// authentication), as opposed to libvirt refusing one call (`LibvirtError`).
public struct LibvirtConnectionError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The connection was closed by `close()`, or the stream ended.
        case closed
        /// The byte stream failed; the detail says how.
        case transport
        /// The peer sent bytes that are not libvirt RPC, or a reply of the wrong shape.
        case protocolViolation
        /// The server demands an authentication method this client does not speak.
        case unsupportedAuthentication
        /// The server stopped answering keepalive pings.
        case keepaliveTimeout
        /// A call got no reply within its deadline; `procedure` names it.
        case timeout
    }

    public var kind: Kind
    public var detail: String
    /// The hypervisor host, when the connection was opened with one.
    public var host: String?
    /// The call that timed out, for `.timeout`.
    public var procedure: RemoteProcedure?

    public init(_ kind: Kind, _ detail: String, host: String? = nil, procedure: RemoteProcedure? = nil) {
        self.kind = kind
        self.detail = detail
        self.host = host
        self.procedure = procedure
    }

    public var description: String { (host.map { "host \($0): " } ?? "") + detail }
}
