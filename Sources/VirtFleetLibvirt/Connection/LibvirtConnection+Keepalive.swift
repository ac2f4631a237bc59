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

    /// Starts pinging from the first byte, before the opening handshake: libvirtd answers pings
    /// from the moment it accepts a client, so a daemon (or proxy) that freezes mid-handshake is
    /// found by keepalive as well as by the call deadline.
    func startKeepalive(_ policy: KeepalivePolicy) {
        guard keepaliveTask == nil else { return }
        keepaliveTask = Task { await self.keepaliveLoop(policy) }
    }

    /// Once open: asks whether the daemon supports keepalive (which also makes it ping us) and
    /// stops pinging a daemon that does not.
    func confirmKeepalive() async throws {
        let supported = try await call(.connectSupportsFeature, XDRInt(Self.keepaliveFeature), returning: XDRInt.self)
        if supported.value == 0 {
            keepaliveTask?.cancel()
            keepaliveTask = nil
        }
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
            keepalivePingCount += 1
            sendKeepalive(.ping)
        }
    }
}
