import Foundation
import Testing
import VirtFleetCloudInit
import VirtFleetTestSupport

/// The reader cloud-init itself uses: the guest kernel's iso9660 driver, through a loop mount.
/// Needs root, loop devices and the driver on this machine; skipped with that reason otherwise
/// (containers often lack the driver, and loading kernel modules is not a test's business).
@Suite(.tags(.root)) struct LoopMountTests {
    static let available: Bool = {
        guard getuid() == 0, FileManager.default.fileExists(atPath: "/dev/loop-control"),
            let filesystems = try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)
        else { return false }
        return filesystems.split(separator: "\n").contains { $0.split(separator: "\t").last == "iso9660" }
    }()

    static let reason: Comment = "needs root, /dev/loop-control and the kernel's iso9660 driver (listed in /proc/filesystems)"

    static let userData = "#cloud-config\nhostname: mounted\nbootcmd: [\"echo Grüße\"]\n"
    static let metaData = "instance-id: \"m-1\"\nlocal-hostname: \"mounted\"\n"
    static let networkConfig = "version: 2\n"

    /// Mounts the seed read-only with `options` and returns name → bytes of its root.
    func mounted(options: String) throws -> [String: [UInt8]] {
        let image = try NoCloudSeed(userData: Self.userData, metaData: Self.metaData, networkConfig: Self.networkConfig).image()
        return try withTemporaryDirectory { directory in
            let path = directory.path("seed.iso")
            let mountPoint = directory.path("mnt")
            try Data(image).write(to: URL(fileURLWithPath: path))
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try ProcessRunner.run("/bin/mount", ["-t", "iso9660", "-o", "loop,ro,\(options)", path, mountPoint]).checked()
            defer { _ = try? ProcessRunner.run("/bin/umount", [mountPoint]) }
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: mountPoint) {
                files[name] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(mountPoint)/\(name)")))
            }
            return files
        }
    }

    @Test(.enabled(if: available, reason), arguments: ["", "norock"])
    func kernelReadsTheNamesCloudInitOpens(options: String) throws {
        // Default: Rock Ridge names. norock: the kernel falls back to the Joliet names.
        let files = try mounted(options: options.isEmpty ? "defaults" : options)
        #expect(files.keys.sorted() == ["meta-data", "network-config", "user-data"])
        #expect(files["user-data"] == Array(Self.userData.utf8))
        #expect(files["meta-data"] == Array(Self.metaData.utf8))
        #expect(files["network-config"] == Array(Self.networkConfig.utf8))
    }
}
