import VirtFleetHypervisor
import VirtFleetLibvirt
import VirtFleetSSH

/// The one place where SSH and libvirt RPC failures become the port's `HypervisorError`:
/// the cause says who failed, the message keeps their own words.
extension HypervisorError {
    init(host: String, _ error: any Error) {
        switch error {
        case let error as HypervisorError:
            self = error
        case let error as SSHError:
            self.init(host: host, cause: Self.cause(of: error.kind), message: error.description)
        case let error as LibvirtError:
            let cause: Cause =
                switch error.code {
                case .noDomain: .noDomain
                case .noStorageVolume: .noVolume
                default: .libvirt(code: error.code.rawValue)
                }
            self.init(host: host, cause: cause, message: error.with(host: host).description)
        case let error as LibvirtConnectionError:
            self.init(host: host, cause: Self.cause(of: error.kind), message: error.description)
        default:
            self.init(host: host, cause: .connectionLost, message: "host \(host): \(error)")
        }
    }

    private static func cause(of kind: SSHError.Kind) -> Cause {
        switch kind {
        case .configuration: .configuration
        case .connect: .connect
        case .hostKeyUnknown, .hostKeyChanged, .hostKeyCheck: .hostKey
        case .authentication: .authentication
        case .timeout: .timeout
        case .channel, .disconnected, .closed: .connectionLost
        }
    }

    private static func cause(of kind: LibvirtConnectionError.Kind) -> Cause {
        switch kind {
        case .closed, .transport: .connectionLost
        case .protocolViolation: .protocolViolation
        case .unsupportedAuthentication: .authentication
        case .keepaliveTimeout, .timeout: .timeout
        }
    }
}

/// Runs one adapter step, turning whatever the transport throws into a `HypervisorError`.
func mapping<T>(host: String, _ body: () async throws -> T) async throws(HypervisorError) -> T {
    do {
        return try await body()
    } catch {
        throw HypervisorError(host: host, error)
    }
}
