/// What to do with a host key that known_hosts does not list yet. A key that
/// differs from a listed one is refused under every policy.
public enum HostKeyPolicy: String, Sendable, Hashable, CaseIterable {
    /// Refuse unknown keys (OpenSSH `StrictHostKeyChecking yes`).
    case strict
    /// Add unknown keys to known_hosts (OpenSSH `StrictHostKeyChecking accept-new`).
    case acceptNew = "accept-new"
}
