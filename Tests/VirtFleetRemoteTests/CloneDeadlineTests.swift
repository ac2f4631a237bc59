import Testing

@testable import VirtFleetRemote

/// A full copy's deadline grows with what there is to copy, from the ordinary call timeout up.
@Suite struct CloneDeadlineTests {
    @Test func anEmptySourceGetsTheCallTimeout() {
        #expect(RemoteHypervisorSession.cloneDeadline(callTimeout: .seconds(30), capacity: 0, allocation: 0) == .seconds(30))
    }

    @Test func allocatedBytesCountAt16MiBPerSecondAndHolesAt1GiB() {
        // 2 GiB + 400 MiB, with 400 MiB on disk: 400 MiB / 16 MiB/s = 25 s, 2 GiB of holes = 2 s.
        let image = RemoteHypervisorSession.cloneDeadline(
            callTimeout: .seconds(30), capacity: (2 << 30) + (400 << 20), allocation: 400 << 20)
        #expect(image == .seconds(30 + 25 + 2))
        // A fully allocated 100 GiB raw disk: 6400 s of copying allowed.
        let raw = RemoteHypervisorSession.cloneDeadline(callTimeout: .seconds(10), capacity: 100 << 30, allocation: 100 << 30)
        #expect(raw == .seconds(10 + 6400))
        // qcow2 metadata can make the allocation exceed the capacity: no negative holes.
        let small = RemoteHypervisorSession.cloneDeadline(callTimeout: .seconds(1), capacity: 1 << 20, allocation: 2 << 20)
        #expect(small == .seconds(1) + .milliseconds(125))
    }
}
