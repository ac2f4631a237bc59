/// Why a call to a hypervisor failed: who failed (the cause) and their own words (`message`).
///
/// Adapters map their transport's failures onto these causes, so callers and views can choose
/// exit codes, hints and retries by kind instead of by text.
public struct HypervisorError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    public enum Cause: Codable, Sendable, Hashable {
        /// The connection settings are unusable (bad ssh config, unreadable key file, …).
        case configuration
        /// The host could not be reached (name resolution, refused, unreachable).
        case connect
        /// The host key is unknown, changed, or could not be checked against known_hosts.
        case hostKey
        /// sshd refused every offered key.
        case authentication
        /// The command bridging SSH to libvirtd (`virt-ssh-helper` by default) failed.
        case proxy
        /// libvirtd refused the call; `code` is libvirt's `virErrorNumber`.
        case libvirt(code: Int32)
        /// The named domain does not exist (any more).
        case noDomain
        /// The named storage volume does not exist (any more).
        case noVolume
        /// A deadline passed: the named party stopped answering.
        case timeout
        /// The connection broke (closed, disconnected, or the peer stopped answering keepalives).
        case connectionLost
        /// The peer sent something that is not libvirt's protocol.
        case protocolViolation
        /// Another apply holds the host's lock.
        case lockHeld(holder: String)
        /// The lock could not be taken for another reason.
        case lockFailed
    }

    public var host: String
    public var cause: Cause
    /// One line from the party that failed (sshd, the proxy, libvirtd), host and guest included.
    public var message: String

    public init(host: String, cause: Cause, message: String) {
        self.host = host
        self.cause = cause
        self.message = message
    }

    public var description: String { message }
}
