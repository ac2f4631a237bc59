/// When and how often the client pings an idle server, and how many unanswered pings
/// mean the server (or the path to it) is gone. Mirrors libvirt's own client defaults.
public struct KeepalivePolicy: Sendable, Equatable {
    public var interval: Duration
    public var maxUnanswered: Int

    public init(interval: Duration = .seconds(5), maxUnanswered: Int = 5) {
        self.interval = interval
        self.maxUnanswered = maxUnanswered
    }
}

/// Keepalive: the KEEPALIVE program's PING/PONG messages.
extension LibvirtConnection {
    /// VIR_DRV_FEATURE_PROGRAM_KEEPALIVE. Asking about it also tells libvirtd that this
    /// client answers pings, which makes the server start its own pings.
    static let keepaliveFeature: Int32 = 10

    func startKeepalive(_ policy: KeepalivePolicy) async throws {
        let supported = try await call(.connectSupportsFeature, XDRInt(Self.keepaliveFeature), returning: XDRInt.self)
        guard supported.value != 0, keepaliveTask == nil else { return }
        keepaliveTask = Task { await self.keepaliveLoop(policy) }
    }

    /// Pings only when nothing arrived for a whole interval; any packet from the server counts as an answer.
    private func keepaliveLoop(_ policy: KeepalivePolicy) async {
        while isOpen {
            do { try await Task.sleep(for: policy.interval) } catch { return }
            guard ContinuousClock.now - lastReceived >= policy.interval else { continue }
            if unansweredPings >= policy.maxUnanswered {
                let silence = ContinuousClock.now - lastReceived
                return fail(
                    LibvirtConnectionError(
                        .keepaliveTimeout, "libvirtd did not answer keepalive pings for \(describeDuration(silence))", host: host))
            }
            unansweredPings += 1
            sendKeepalive(.ping)
        }
    }
}
