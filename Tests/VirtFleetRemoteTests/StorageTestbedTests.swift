import Foundation
import Testing
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetLibvirt
import VirtFleetTestSupport

@testable import VirtFleetRemote

/// Pools, volumes, uploads and networks against the real testbed (session daemons over SSH),
/// each result checked with `virsh` as an independent client.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct StorageTestbedTests {
    let connector = RemoteHypervisorConnector(connectTimeout: .seconds(5))

    private func session(_ name: String) async throws -> RemoteHypervisorSession {
        let inventory = try Testbed.inventory(fleet: "storage-tests")
        let host = try #require(inventory.host(named: name))
        return try #require(try await connector.connect(to: host) as? RemoteHypervisorSession)
    }

    private static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// A scratch folder the host's user owns, so its libvirtd can create the pool directory in it.
    private func withHostScratch<T>(for host: String, _ body: (TemporaryDirectory) async throws -> T) async throws -> T {
        try await withTemporaryDirectory { scratch in
            try ProcessRunner.run("/bin/chown", ["\(host):\(host)", scratch.path]).checked()
            return try await body(scratch)
        }
    }

    /// A qcow2 image of 64 MiB virtual size with 4 MiB of data written into it.
    private func makeImage(at path: String) throws {
        try ProcessRunner.run("/usr/bin/qemu-img", ["create", "-q", "-f", "qcow2", path, "64M"]).checked()
        try ProcessRunner.run("/usr/bin/qemu-io", ["-c", "write -P 0xab 0 4M", "-c", "write -P 0x5c 40M 1M", path]).checked()
    }

    private func virshOutput(_ host: String, _ arguments: [String]) throws -> String {
        try Testbed.virsh(host, arguments).checked().output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `virsh vol-info --bytes`: capacity and allocation as libvirt's own client reads them.
    private func virshVolumeSizes(_ host: String, pool: String, volume: String) throws -> (capacity: UInt64?, allocation: UInt64?) {
        let lines = try virshOutput(host, ["vol-info", "--bytes", "--pool", pool, volume]).split(separator: "\n")
        func field(_ name: String) -> UInt64? {
            lines.first { $0.hasPrefix(name) }.flatMap { UInt64($0.split(separator: " ").dropFirst().first ?? "") }
        }
        return (field("Capacity:"), field("Allocation:"))
    }

    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [UInt64] = []
        func record(_ value: UInt64) { lock.withLock { values.append(value) } }
        var reported: [UInt64] { lock.withLock { values } }
    }

    @Test func aDirPoolWithAnUploadedImageAnOverlayACloneAndAnEmptyVolume() async throws {
        let host = "hv1"
        let pool = Self.unique("vftest-pool")
        let session = try await session(host)
        defer {
            _ = try? Testbed.virsh(host, ["pool-destroy", pool])
            _ = try? Testbed.virsh(host, ["pool-undefine", pool])
        }
        try await withHostScratch(for: host) { scratch in
            let image = scratch.path("base.qcow2")
            try makeImage(at: image)
            let imageSize = try #require(try FileManager.default.attributesOfItem(atPath: image)[.size] as? UInt64)
            let poolPath = scratch.path("pool")  // does not exist yet: starting builds it

            try await session.definePool("<pool type='dir'><name>\(pool)</name><target><path>\(poolPath)</path></target></pool>")
            try await session.startPool(pool)
            try await session.setPoolAutostart(pool, true)
            #expect(FileManager.default.fileExists(atPath: poolPath))

            // The image: a volume of the file's size, then its bytes through the stream.
            try await session.createVolume(
                in: pool,
                xml: "<volume><name>base.qcow2</name><capacity unit='bytes'>\(imageSize)</capacity>"
                    + "<allocation unit='bytes'>0</allocation><target><format type='qcow2'/></target></volume>")
            let progress = Progress()
            try await session.upload(.file(path: image), to: VolumeReference(pool: pool, name: "base.qcow2")) { progress.record($0) }
            #expect(progress.reported.last == imageSize)
            #expect(zip(progress.reported, progress.reported.dropFirst()).allSatisfy { $0 < $1 })
            let basePath = "\(poolPath)/base.qcow2"
            #expect(FileManager.default.contentsEqual(atPath: basePath, andPath: image), "the host's copy is the file, byte for byte")

            // A seed-like raw volume from bytes in memory.
            let seed = (0..<70_001).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            try await session.createVolume(
                in: pool,
                xml: "<volume><name>seed.iso</name><capacity unit='bytes'>\(seed.count)</capacity>"
                    + "<allocation unit='bytes'>0</allocation><target><format type='raw'/></target></volume>")
            try await session.upload(.bytes(seed), to: VolumeReference(pool: pool, name: "seed.iso")) { _ in }
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(poolPath)/seed.iso")) == Data(seed))
            // Once after the uploads, as apply does: the image's header is read (its virtual size) at once.
            try await session.refreshPool(pool)

            // An overlay on the image, a full copy of it, and an empty volume.
            try await session.createVolume(
                in: pool,
                xml: "<volume><name>overlay.qcow2</name><capacity unit='bytes'>\(128 << 20)</capacity>"
                    + "<target><format type='qcow2'/></target>"
                    + "<backingStore><path>\(basePath)</path><format type='qcow2'/></backingStore></volume>")
            try await session.cloneVolume(
                in: pool,
                xml: "<volume><name>clone.qcow2</name><capacity unit='bytes'>\(64 << 20)</capacity>"
                    + "<target><format type='qcow2'/></target></volume>",
                from: VolumeReference(pool: pool, name: "base.qcow2"))
            try await session.createVolume(
                in: pool,
                xml: "<volume><name>empty.qcow2</name><capacity unit='bytes'>\(32 << 20)</capacity>"
                    + "<target><format type='qcow2'/></target></volume>")
            try await session.resizeVolume(VolumeReference(pool: pool, name: "overlay.qcow2"), capacity: 256 << 20)
            // Never shrinks: libvirt refuses without the shrink flag.
            await #expect(throws: HypervisorError.self) {
                try await session.resizeVolume(VolumeReference(pool: pool, name: "overlay.qcow2"), capacity: 100 << 20)
            }

            let observation = try await session.observe(ObservationScope(pools: [pool], volumePools: [pool]))
            let observedPool = try #require(observation.pools.first)
            #expect(observation.pools.count == 1)
            #expect(observedPool.name == pool && observedPool.type == "dir" && observedPool.path == poolPath)
            #expect(observedPool.active && observedPool.autostart)
            #expect(observedPool.uuid == (try virshOutput(host, ["pool-uuid", pool])))
            #expect(observedPool.capacity > 0 && observedPool.available > 0 && observedPool.available <= observedPool.capacity)
            #expect(observedPool.xml.contains("<path>\(poolPath)</path>"))

            #expect(observation.volumes.map(\.name) == ["base.qcow2", "clone.qcow2", "empty.qcow2", "overlay.qcow2", "seed.iso"])
            for volume in observation.volumes {
                #expect(volume.pool == pool && volume.path == "\(poolPath)/\(volume.name)", "\(volume.name)")
                #expect(volume.physical != nil && volume.allocation > 0, "\(volume.name)")
            }
            let volumes = Dictionary(uniqueKeysWithValues: observation.volumes.map { ($0.name, $0) })
            let base = try #require(volumes["base.qcow2"])
            #expect(base.pool == pool && base.path == basePath && base.format == "qcow2")
            #expect(base.capacity == 64 << 20, "the image's virtual size, read from its header after the upload")
            #expect(base.physical == imageSize)
            #expect(base.backingPath == nil && base.backingFormat == nil)
            let overlay = try #require(volumes["overlay.qcow2"])
            #expect(overlay.format == "qcow2" && overlay.capacity == 256 << 20)
            #expect(overlay.backingPath == basePath && overlay.backingFormat == "qcow2")
            let clone = try #require(volumes["clone.qcow2"])
            #expect(clone.format == "qcow2" && clone.capacity == 64 << 20 && clone.backingPath == nil)
            let empty = try #require(volumes["empty.qcow2"])
            #expect(empty.format == "qcow2" && empty.capacity == 32 << 20 && empty.backingPath == nil)
            let seedVolume = try #require(volumes["seed.iso"])
            #expect(seedVolume.format == "raw" && seedVolume.capacity == UInt64(seed.count) && seedVolume.physical == UInt64(seed.count))

            // libvirt's own client agrees.
            for volume in observation.volumes {
                let sizes = try virshVolumeSizes(host, pool: pool, volume: volume.name)
                #expect(sizes.capacity == volume.capacity, "\(volume.name)")
                #expect(sizes.allocation == volume.allocation, "\(volume.name)")
            }
            #expect(try virshOutput(host, ["vol-dumpxml", "--pool", pool, "overlay.qcow2"]).contains("<path>\(basePath)</path>"))
            #expect(try virshOutput(host, ["vol-path", "--pool", pool, "clone.qcow2"]) == "\(poolPath)/clone.qcow2")

            for volume in observation.volumes { try await session.deleteVolume(volume.reference) }
            let after = try await session.observe(ObservationScope(pools: [pool], volumePools: [pool]))
            #expect(after.volumes.isEmpty)
            #expect(try virshOutput(host, ["vol-list", "--pool", pool]).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: basePath))
            // A volume that is gone has a cause of its own (apply counts deleting it as done).
            await #expect {
                try await session.deleteVolume(VolumeReference(pool: pool, name: "overlay.qcow2"))
            } throws: { error in
                guard let error = error as? HypervisorError else { return false }
                return error.cause == .noVolume && error.message.contains("overlay.qcow2")
            }

            try await session.setPoolAutostart(pool, false)
            try await session.stopPool(pool)
            let stopped = try await session.observe(ObservationScope(pools: [pool], volumePools: [pool]))
            #expect(stopped.pools.map(\.active) == [false] && stopped.pools.map(\.autostart) == [false])
            #expect(stopped.volumes.isEmpty, "an inactive pool lists no volumes, and is no error")
            try await session.undefinePool(pool)
            #expect(try !virshOutput(host, ["pool-list", "--all", "--name"]).split(separator: "\n").contains { $0 == pool })
            #expect(FileManager.default.fileExists(atPath: poolPath), "undefining keeps the directory")
        }
        await session.close()
    }

    /// A slow upload (the source gives a chunk every 100 ms) lasts far longer than keepalive
    /// allows silence: libvirtd must answer the client's pings while it takes stream data.
    @Test func keepaliveKeepsASlowUploadAlive() async throws {
        let host = "hv1"
        let pool = Self.unique("vftest-pool")
        let policy = KeepalivePolicy(interval: .milliseconds(200), maxUnanswered: 3)
        let inventory = try Testbed.inventory(fleet: "storage-tests")
        let connector = RemoteHypervisorConnector(ConnectionSettings(connectTimeout: .seconds(5), keepalive: policy))
        let target = try #require(inventory.host(named: host))
        let session = try #require(try await connector.connect(to: target) as? RemoteHypervisorSession)
        defer {
            _ = try? Testbed.virsh(host, ["pool-destroy", pool])
            _ = try? Testbed.virsh(host, ["pool-undefine", pool])
        }
        try await withHostScratch(for: host) { scratch in
            try await session.definePool(
                "<pool type='dir'><name>\(pool)</name><target><path>\(scratch.path("pool"))</path></target></pool>")
            try await session.startPool(pool)
            let chunk = 64 * 1024
            let chunks = 25
            try await session.createVolume(
                in: pool,
                xml: "<volume><name>slow.img</name><capacity unit='bytes'>\(chunk * chunks)</capacity>"
                    + "<target><format type='raw'/></target></volume>")
            let libvirt = session.libvirt
            let volume = try await libvirt.storageVolumeLookupByName("slow.img", in: try await libvirt.storagePoolLookupByName(pool))
            let started = ContinuousClock.now
            try await libvirt.storageVolumeUpload(volume, length: UInt64(chunk * chunks), chunkSize: chunk) { count in
                try await Task.sleep(for: .milliseconds(100))
                return [UInt8](repeating: 0x42, count: count)
            }
            #expect(ContinuousClock.now - started > policy.interval * (policy.maxUnanswered + 1), "slower than keepalive tolerates silence")
            #expect(await libvirt.keepalivePingCount > 0, "the client pinged during the upload")
            #expect(await libvirt.isOpen)
            try await session.deleteVolume(VolumeReference(pool: pool, name: "slow.img"))
            try await session.stopPool(pool)
            try await session.undefinePool(pool)
        }
        await session.close()
    }

    @Test func startingAPoolWhoseDirectoryExistsLeavesItsModeAlone() async throws {
        let host = "hv2"
        let pool = Self.unique("vftest-pool")
        let session = try await session(host)
        defer {
            _ = try? Testbed.virsh(host, ["pool-destroy", pool])
            _ = try? Testbed.virsh(host, ["pool-undefine", pool])
        }
        try await withHostScratch(for: host) { scratch in
            let poolPath = scratch.path("existing")
            try FileManager.default.createDirectory(atPath: poolPath, withIntermediateDirectories: false)
            try ProcessRunner.run("/bin/chown", ["\(host):\(host)", poolPath]).checked()
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: poolPath)
            try await session.definePool("<pool type='dir'><name>\(pool)</name><target><path>\(poolPath)</path></target></pool>")
            try await session.startPool(pool)
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: poolPath)[.posixPermissions] as? Int)
            #expect(mode == 0o755, "a build would have made it 0711")
            #expect(try virshOutput(host, ["pool-info", pool]).contains("running"))
        }
        await session.close()
    }

    @Test func errorsNameTheHostAndKeepLibvirtsCode() async throws {
        let session = try await session("hv3")
        let missing = Self.unique("vftest-missing")
        await #expect {
            try await session.startPool(missing)
        } throws: { error in
            guard let error = error as? HypervisorError else { return false }
            return error.host == "hv3" && error.cause == .libvirt(code: ErrorCode.noStoragePool.rawValue)
                && error.message.contains(missing)
        }
        await #expect {
            try await session.deleteVolume(VolumeReference(pool: missing, name: "x"))
        } throws: { error in (error as? HypervisorError)?.cause == .libvirt(code: ErrorCode.noStoragePool.rawValue) }
        await #expect {
            try await session.definePool("<pool type='dir'><name>\(missing)</name><bogus/></pool>")
        } throws: { error in
            // Validation is on: an unknown element is refused, not dropped.
            (error as? HypervisorError)?.cause == .libvirt(code: ErrorCode.xmlInvalidSchema.rawValue)
        }
        await #expect {
            try await session.upload(.file(path: "/nonexistent/vf-image.qcow2"), to: VolumeReference(pool: missing, name: "x")) { _ in }
        } throws: { error in
            guard let error = error as? HypervisorError else { return false }
            return error.cause == .configuration && error.message.contains("/nonexistent/vf-image.qcow2")
        }
        #expect(await session.libvirt.isOpen)
        await session.close()
    }

    @Test func anEmptyScopeAddsNoCallAndNoResources() async throws {
        let host = "hv2"
        let pool = Self.unique("vftest-pool")
        let network = Self.unique("vftest-net")
        let session = try await session(host)
        defer {
            _ = try? Testbed.virsh(host, ["pool-undefine", pool])
            _ = try? Testbed.virsh(host, ["net-undefine", network])
        }
        try await session.definePool("<pool type='dir'><name>\(pool)</name><target><path>/nonexistent/\(pool)</path></target></pool>")
        try await session.defineNetwork("<network><name>\(network)</name></network>")

        let libvirt = session.libvirt
        let before = await libvirt.callCount
        let plain = try await session.observe(.domainsOnly)
        let domainsOnlyCalls = await libvirt.callCount - before
        #expect(plain.pools.isEmpty && plain.volumes.isEmpty && plain.networks.isEmpty)
        // Host facts (5), the domain listing, and per domain its XML, plus its state when running.
        #expect(domainsOnlyCalls == 6 + plain.domains.count + plain.domains.filter(\.isRunning).count)

        let start = await libvirt.callCount
        let scoped = try await session.observe(ObservationScope(pools: [pool], networks: [network]))
        let scopedCalls = await libvirt.callCount - start
        #expect(scoped.pools.map(\.name) == [pool] && scoped.networks.map(\.name) == [network])
        #expect(scoped.pools.first?.active == false)
        // Two listings, three calls per pool and per network.
        #expect(scopedCalls == domainsOnlyCalls + 2 + 3 + 3)

        try await session.undefinePool(pool)
        try await session.undefineNetwork(network)
        await session.close()
    }

    /// Session daemons define networks but cannot start them (no bridge without root): define,
    /// read back, autostart, DHCP host entries in the config, undefine.
    @Test func anIsolatedNetworkIsDefinedReadBackAndUndefined() async throws {
        let host = "hv3"
        let network = Self.unique("vftest-net")
        let bridge = "vfbr\(network.suffix(8))"
        let session = try await session(host)
        defer { _ = try? Testbed.virsh(host, ["net-undefine", network]) }
        try await session.defineNetwork(
            "<network><name>\(network)</name><bridge name='\(bridge)'/>"
                + "<ip address='10.213.7.1' prefix='24'><dhcp><range start='10.213.7.100' end='10.213.7.199'/></dhcp></ip></network>")
        let scope = ObservationScope(networks: [network])
        let defined = try #require(try await session.observe(scope).networks.first)
        #expect(defined.name == network && !defined.active && !defined.autostart)
        #expect(defined.uuid == (try virshOutput(host, ["net-uuid", network])))
        #expect(defined.xml.contains("<bridge name='\(bridge)'"))
        #expect(defined.xml.contains("<range start='10.213.7.100' end='10.213.7.199'/>"))

        do {
            try await session.setNetworkAutostart(network, true)
            #expect(try #require(try await session.observe(scope).networks.first).autostart)
            #expect(
                try virshOutput(host, ["net-info", network]).split(separator: "\n").contains {
                    $0.hasPrefix("Autostart:") && $0.hasSuffix("yes")
                })
            try await session.setNetworkAutostart(network, false)
        } catch let error as HypervisorError {
            // A session daemon may refuse autostart; then it must be libvirt saying so.
            guard case .libvirt = error.cause else { throw error }
        }

        let entry = "<host mac='52:54:00:12:34:56' name='web-01' ip='10.213.7.11'/>"
        try await session.updateNetworkDHCPHost(network, .add, hostXML: entry)
        #expect(try virshOutput(host, ["net-dumpxml", "--inactive", network]).contains(entry))
        #expect(try #require(try await session.observe(scope).networks.first).xml.contains(entry))
        try await session.updateNetworkDHCPHost(network, .delete, hostXML: entry)
        #expect(try !virshOutput(host, ["net-dumpxml", "--inactive", network]).contains("web-01"))

        // Redefining keeps the UUID libvirt gave it when the document carries it.
        try await session.defineNetwork(
            "<network><name>\(network)</name><uuid>\(defined.uuid)</uuid><bridge name='\(bridge)'/></network>")
        #expect(try #require(try await session.observe(scope).networks.first).uuid == defined.uuid)

        await #expect {
            try await session.defineNetwork("<network><name>\(network)-bad</name><bogus/></network>")
        } throws: { error in (error as? HypervisorError)?.cause == .libvirt(code: ErrorCode.xmlInvalidSchema.rawValue) }

        try await session.undefineNetwork(network)
        #expect(try await session.observe(scope).networks.isEmpty)
        #expect(try !virshOutput(host, ["net-list", "--all", "--name"]).split(separator: "\n").contains { $0 == network })
        await session.close()
    }
}
