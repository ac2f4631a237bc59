import Foundation
import VirtFleetHypervisor
import VirtFleetLibvirt

/// Pools and volumes as libvirt RPC calls on the host's connection.
extension RemoteHypervisorSession {
    public func definePool(_ xml: String) async throws(HypervisorError) {
        try await guarded {
            do {
                _ = try await libvirt.storagePoolDefineXML(xml, flags: .validate)
            } catch let error as LibvirtError where error.isUnsupportedFlags {
                _ = try await libvirt.storagePoolDefineXML(xml)  // a daemon older than the VALIDATE flag (7.10)
            }
        }
    }

    /// Starts the pool; when its directory does not exist, builds it first. Building a directory
    /// pool also sets the mode and owner of a directory that exists, so it is done only when
    /// starting failed for want of the directory. A plain build: libvirt 9 refuses the
    /// "no overwrite" flag for directory pools (it only applies to formatting a source device).
    public func startPool(_ name: String) async throws(HypervisorError) {
        try await guarded {
            let pool = try await libvirt.storagePoolLookupByName(name)
            do {
                try await libvirt.storagePoolCreate(pool)
            } catch let error as LibvirtError where error.code == .systemError && error.int1 == ENOENT {
                try await libvirt.storagePoolBuild(pool)
                try await libvirt.storagePoolCreate(pool)
            }
        }
    }

    public func stopPool(_ name: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.storagePoolDestroy(try await libvirt.storagePoolLookupByName(name)) }
    }

    public func undefinePool(_ name: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.storagePoolUndefine(try await libvirt.storagePoolLookupByName(name)) }
    }

    public func setPoolAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError) {
        try await guarded { try await libvirt.storagePoolSetAutostart(try await libvirt.storagePoolLookupByName(name), autostart) }
    }

    public func createVolume(in pool: String, xml: String) async throws(HypervisorError) {
        try await guarded { _ = try await libvirt.storageVolumeCreateXML(xml, in: try await libvirt.storagePoolLookupByName(pool)) }
    }

    /// A full copy: libvirtd answers only when it is done, so the call's deadline grows with the
    /// source's size (`cloneDeadline`); keepalive meanwhile still notices a host that stops answering.
    public func cloneVolume(in pool: String, xml: String, from source: VolumeReference) async throws(HypervisorError) {
        try await guarded {
            async let target = libvirt.storagePoolLookupByName(pool)
            let original = try await volume(source)
            let info = try await libvirt.storageVolumeGetInfo(original)
            let deadline = Self.cloneDeadline(callTimeout: callTimeout, capacity: info.capacity, allocation: info.allocation)
            _ = try await libvirt.storageVolumeCreateXMLFrom(xml, in: try await target, from: original, timeout: deadline)
        }
    }

    /// The pace a full copy is allowed: a slow disk reading and writing the same bytes.
    static let allocatedCopyRate: UInt64 = 16 << 20
    /// Unallocated parts of the source (holes, read as zeros) go much faster.
    static let holeCopyRate: UInt64 = 1 << 30

    /// The deadline of a full copy of a volume of `capacity` bytes with `allocation` bytes on
    /// disk: the ordinary call timeout plus the allocated bytes at 16 MiB/s plus the holes at
    /// 1 GiB/s. A cloud image of 2.4 GiB with 400 MiB allocated gets 30 s + 25 s + 2 s.
    static func cloneDeadline(callTimeout: Duration, capacity: UInt64, allocation: UInt64) -> Duration {
        let holes = capacity > allocation ? capacity - allocation : 0
        let seconds = Double(allocation) / Double(allocatedCopyRate) + Double(holes) / Double(holeCopyRate)
        return callTimeout + .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    public func refreshPool(_ name: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.storagePoolRefresh(try await libvirt.storagePoolLookupByName(name)) }
    }

    /// Streams the source into the volume. libvirt re-reads the volume by itself afterwards, in a
    /// thread of its own that may still be running when this returns: `refreshPool` once the
    /// pool's uploads are done makes the new format and sizes read back at once.
    public func upload(
        _ source: UploadSource, to volume: VolumeReference, progress: @escaping @Sendable (UInt64) -> Void
    ) async throws(HypervisorError) {
        let reader = try UploadReader(source, host: host)
        defer { reader.close() }
        try await guarded {
            let target = try await self.volume(volume)
            do {
                try await libvirt.storageVolumeUpload(
                    target, length: reader.length, read: { try reader.read(upTo: $0) }, progress: progress)
            } catch let error as UploadReader.Failure {
                throw error.hypervisorError(host: host, volume: volume)
            } catch let error as LibvirtConnection.UploadSourceEnded {
                throw HypervisorError(
                    host: host, cause: .configuration,
                    message: "host \(host): uploading \(reader.name) to \(volume): \(error) (did the file change?)")
            } catch let error as LibvirtConnection.UploadSourceOverrun {
                throw HypervisorError(
                    host: host, cause: .configuration, message: "host \(host): uploading \(reader.name) to \(volume): \(error)")
            }
        }
    }

    public func resizeVolume(_ volume: VolumeReference, capacity: UInt64) async throws(HypervisorError) {
        // Without the shrink flag libvirt refuses a smaller capacity, so this never shrinks.
        try await guarded { try await libvirt.storageVolumeResize(try await self.volume(volume), capacity: capacity) }
    }

    public func deleteVolume(_ volume: VolumeReference) async throws(HypervisorError) {
        try await guarded { try await libvirt.storageVolumeDelete(try await self.volume(volume)) }
    }

    private func volume(_ reference: VolumeReference) async throws -> StorageVolumeReference {
        try await libvirt.storageVolumeLookupByName(reference.name, in: try await libvirt.storagePoolLookupByName(reference.pool))
    }
}

/// The bytes of an `UploadSource`, read in chunks: a file is opened once and read piece by
/// piece (never whole into memory), bytes in memory are sliced.
final class UploadReader: @unchecked Sendable {
    /// A local file that could not be read; the host is not to blame.
    struct Failure: Error {
        let path: String
        let reason: String
        func hypervisorError(host: String, volume: VolumeReference) -> HypervisorError {
            HypervisorError(
                host: host, cause: .configuration, message: "cannot read \(path) to upload it to \(volume) on \(host): \(reason)")
        }
    }

    let length: UInt64
    let name: String
    private let file: FileHandle?
    private let bytes: [UInt8]
    private var offset = 0
    private let lock = NSLock()

    init(_ source: UploadSource, host: String) throws(HypervisorError) {
        switch source {
        case .bytes(let bytes):
            self.bytes = bytes
            file = nil
            length = UInt64(bytes.count)
            name = "\(bytes.count) bytes"
        case .file(let path):
            bytes = []
            name = path
            do {
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                let end = try handle.seekToEnd()
                try handle.seek(toOffset: 0)
                file = handle
                length = end
            } catch {
                throw HypervisorError(host: host, cause: .configuration, message: "cannot read \(path) to upload it to \(host): \(error)")
            }
        }
    }

    func read(upTo count: Int) throws -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        guard let file else {
            let end = min(bytes.count, offset + count)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
        do {
            return [UInt8](try file.read(upToCount: count) ?? Data())
        } catch {
            throw Failure(path: name, reason: "\(error)")
        }
    }

    func close() {
        try? file?.close()
    }
}
