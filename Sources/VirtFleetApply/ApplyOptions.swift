/// How `apply` runs.
public struct ApplyOptions: Sendable {
    /// Hosts applied at once.
    public var parallelism: Int
    /// Reboot running guests whose definition changed (shutdown → wait → start), one at a time per host.
    public var restart: Bool
    /// How long a graceful shutdown may take before the guest is destroyed.
    public var shutdownTimeout: Duration
    /// Written beside each host's lock, so a refused apply can say who holds it.
    public var holder: String

    public init(
        parallelism: Int = 10, restart: Bool = false, shutdownTimeout: Duration = .seconds(60),
        holder: String = "virtfleet"
    ) {
        self.parallelism = max(1, parallelism)
        self.restart = restart
        self.shutdownTimeout = shutdownTimeout
        self.holder = holder
    }
}
