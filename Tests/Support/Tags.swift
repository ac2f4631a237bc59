import Testing

extension Tag {
    /// Needs the local testbed (`scripts/testbed up`): its users, sshd's and libvirt daemons.
    /// Every suite with this tag is named `…TestbedTests`, so that `scripts/test-unit` can leave
    /// them all out with one `--skip` regex (Swift 6.3's `swift test` cannot filter by tag).
    @Tag public static var testbed: Self
    /// Needs root: reads the testbed's root-owned keys, kills or restarts other users' daemons.
    @Tag public static var root: Self
}
