// Upload throughput through the libvirt stream on virtfleet's own connection (SSH + RPC).
//   upload-benchmark HOSTS_YAML HOST POOL FILE [CHUNK_BYTES…]
// Connects to HOST of the inventory HOSTS_YAML like virtfleet does, creates a volume in POOL
// sized to FILE (raw, allocation 0), uploads FILE, deletes the volume, and prints one line per
// run: "chunk BYTES seconds S MB/s R". Without CHUNK_BYTES it runs the port's own `upload`
// (the default chunk size, pool refresh included); each CHUNK_BYTES runs the bare stream with
// that packet size. Used by scripts/bench-upload; asserts nothing.
import Foundation
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetLibvirt
import VirtFleetRemote

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: upload-benchmark HOSTS_YAML HOST POOL FILE [CHUNK_BYTES…]\n".utf8))
    exit(2)
}
let (hostsFile, hostName, poolName, path) = (arguments[0], arguments[1], arguments[2], arguments[3])
let chunks = arguments.dropFirst(4).compactMap { Int($0) }

let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64 ?? 0
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vf-upload-bench-\(getpid()).yaml")
try Data("fleet: upload-bench\n".utf8).write(to: scratch)
defer { try? FileManager.default.removeItem(at: scratch) }
let inventory = try InventoryLoader.load(paths: [hostsFile, scratch.path])
guard let host = inventory.host(named: hostName) else {
    FileHandle.standardError.write(Data("upload-benchmark: no host \(hostName) in \(hostsFile)\n".utf8))
    exit(2)
}
let connector = RemoteHypervisorConnector(ConnectionSettings(connectTimeout: .seconds(10), callTimeout: .seconds(60)))
guard let session = try await connector.connect(to: host) as? RemoteHypervisorSession else { exit(1) }

/// Reads the file in chunks, like the adapter does.
final class FileChunks: @unchecked Sendable {
    let handle: FileHandle
    init(_ path: String) throws { handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)) }
    func read(_ count: Int) throws -> [UInt8] { [UInt8](try handle.read(upToCount: count) ?? Data()) }
    deinit { try? handle.close() }
}

func run(chunk: Int?) async throws {
    let name = "vf-upload-bench-\(getpid()).img"
    let volumeXML =
        "<volume><name>\(name)</name><capacity unit='bytes'>\(size)</capacity>"
        + "<allocation unit='bytes'>0</allocation><target><format type='raw'/></target></volume>"
    try await session.createVolume(in: poolName, xml: volumeXML)
    let reference = VolumeReference(pool: poolName, name: name)
    let started = ContinuousClock.now
    if let chunk {
        let libvirt = session.libvirt
        let pool = try await libvirt.storagePoolLookupByName(poolName)
        let volume = try await libvirt.storageVolumeLookupByName(name, in: pool)
        let file = try FileChunks(path)
        try await libvirt.storageVolumeUpload(volume, length: size, chunkSize: chunk, read: { try file.read($0) })
    } else {
        try await session.upload(.file(path: path), to: reference) { _ in }
    }
    let elapsed = ContinuousClock.now - started
    try await session.deleteVolume(reference)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let label = chunk.map(String.init) ?? "default(\(LibvirtConnection.defaultUploadChunkSize))"
    print(String(format: "chunk %@ seconds %.3f MB/s %.1f", label, seconds, Double(size) / 1e6 / seconds))
}

do {
    if chunks.isEmpty {
        try await run(chunk: nil)
    } else {
        for chunk in chunks { try await run(chunk: chunk) }
    }
} catch {
    FileHandle.standardError.write(Data("upload-benchmark: \(error)\n".utf8))
    await session.close()
    exit(1)
}
await session.close()
