/// Where and how to reach one host over SSH. Fields left `nil` come from the
/// ssh config file (Host aliases, HostName, User, Port, IdentityFile, ProxyJump);
/// fields that are set override it, as on the `ssh` command line.
public struct SSHTarget: Sendable, Hashable {
    /// A Host alias from the config file, a host name, or an address.
    public var host: String
    public var port: Int?
    public var user: String?
    /// Private key files tried in order (after ssh-agent). Empty: the config's
    /// IdentityFile entries and the default keys (~/.ssh/id_ed25519, …).
    public var identityFiles: [String]
    /// Empty/nil: the config's UserKnownHostsFile, else ~/.ssh/known_hosts.
    public var knownHostsFile: String?
    /// nil: ~/.ssh/config (and /etc/ssh/ssh_config).
    public var configFile: String?
    public var hostKeyPolicy: HostKeyPolicy
    /// Jump hosts as for `ssh -J` (`[user@]host[:port]`, comma-separated).
    public var proxyJump: String?
    /// Use ssh-agent if one is reachable.
    public var useAgent: Bool
    /// nil: `SSH_AUTH_SOCK`.
    public var agentSocket: String?
    /// Bounds TCP connect, key exchange and each authentication round trip.
    public var connectTimeout: Duration
    /// Bounds each blocking SSH step after connecting (opening a channel, exec).
    public var operationTimeout: Duration
    /// How long the server may stay silent before the session sends an SSH keepalive
    /// (a global request the server must answer).
    public var keepaliveInterval: Duration
    /// After this many intervals without a byte from the server, the session fails with a
    /// `.timeout` error naming sshd, and every channel with it.
    public var keepaliveCountMax: Int

    public init(
        host: String, port: Int? = nil, user: String? = nil, identityFiles: [String] = [],
        knownHostsFile: String? = nil, configFile: String? = nil,
        hostKeyPolicy: HostKeyPolicy = .strict, proxyJump: String? = nil,
        useAgent: Bool = true, agentSocket: String? = nil,
        connectTimeout: Duration = .seconds(10), operationTimeout: Duration = .seconds(30),
        keepaliveInterval: Duration = .seconds(5), keepaliveCountMax: Int = 3
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.identityFiles = identityFiles
        self.knownHostsFile = knownHostsFile
        self.configFile = configFile
        self.hostKeyPolicy = hostKeyPolicy
        self.proxyJump = proxyJump
        self.useAgent = useAgent
        self.agentSocket = agentSocket
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveCountMax = keepaliveCountMax
    }
}
