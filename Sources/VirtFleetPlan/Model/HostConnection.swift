import VirtFleetInventory

/// How to reach a host, saved in the plan so `apply FILE` needs no inventory.
public struct HostConnection: Codable, Sendable, Hashable {
    public var address: String
    public var port: Int?
    public var user: String?
    public var identityFile: String?
    public var knownHosts: String?
    public var sshConfig: String?
    public var proxyJump: String?
    public var hostKeyChecking: String
    public var uri: String
    public var libvirtProxy: String?

    public init(_ host: HypervisorHost) {
        address = host.address
        port = host.port
        user = host.user
        identityFile = host.identityFile
        knownHosts = host.knownHosts
        sshConfig = host.sshConfig
        proxyJump = host.proxyJump
        hostKeyChecking = host.hostKeyChecking.rawValue
        uri = host.uri
        libvirtProxy = host.libvirtProxy
    }

    public func host(named name: String, from file: String) -> HypervisorHost {
        var host = HypervisorHost(name: name, location: .file(file), address: address, port: port, user: user,
                        identityFile: identityFile, knownHosts: knownHosts, sshConfig: sshConfig, proxyJump: proxyJump,
                        hostKeyChecking: HostKeyChecking(rawValue: hostKeyChecking) ?? .strict, uri: uri)
        host.libvirtProxy = libvirtProxy
        return host
    }
}
