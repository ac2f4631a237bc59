import Testing

/// Suites that change the testbed hosts' libvirt state (define domains, apply, take apply locks,
/// restart a daemon) hold the hosts for their whole run, one suite at a time, across modules.
/// `.serialized` only orders tests within one suite: without this, the Remote suite defining a
/// domain on hv2 made the acceptance suite's saved plan stale, and its hv3 lock test could make
/// an apply find hv3 locked.
public struct TestbedHostsTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await TestbedHostsLock.shared.acquire()
        do {
            try await function()
        } catch {
            await TestbedHostsLock.shared.release()
            throw error
        }
        await TestbedHostsLock.shared.release()
    }
}

extension Trait where Self == TestbedHostsTrait {
    /// Holds the testbed hosts for the whole suite (see `TestbedHostsTrait`).
    public static var changesTestbedHosts: Self { TestbedHostsTrait() }
}

/// A FIFO lock for async code, held by one suite at a time.
actor TestbedHostsLock {
    static let shared = TestbedHostsLock()
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}
