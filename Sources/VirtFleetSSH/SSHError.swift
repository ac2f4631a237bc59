/// A failure of the SSH transport, phrased for an operator: one line that names
/// the host (`user@host:port`) and, where there is one, the way out.
public struct SSHError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case configuration
        case connect
        case hostKeyUnknown
        case hostKeyChanged
        case hostKeyCheck
        case authentication
        case channel
        case timeout
        case disconnected
        case closed
    }

    public let kind: Kind
    /// The host as reached, e.g. `hv1@127.0.0.11:2222` or `myalias (hv1@127.0.0.11:2222)`.
    public let host: String
    public let message: String
    /// The server's host key fingerprint (`SHA256:…`) for host key errors.
    public let fingerprint: String?

    public init(_ kind: Kind, host: String, _ message: String, fingerprint: String? = nil) {
        self.kind = kind
        self.host = host
        self.message = message
        self.fingerprint = fingerprint
    }

    public var description: String { "ssh \(host): \(message)" }
}
