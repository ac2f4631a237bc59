import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// Uploads through a data stream (`STORAGE_VOL_UPLOAD`) against a scripted daemon: the packets
/// on the wire, the server's confirmation and errors, deadlines per step, progress, abort.
@Suite("Streams against a scripted daemon", .timeLimit(.minutes(1)))
struct StreamTests {
    static let volume = StorageVolumeReference(pool: "images", name: "base.qcow2", key: "/var/lib/images/base.qcow2")

    /// Bytes that show where each chunk came from: byte i is i mod 251.
    static func data(_ count: Int) -> [UInt8] {
        let cycle = (0..<251).map { UInt8($0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 251)
        while bytes.count < count { bytes += cycle }
        return Array(bytes.prefix(count))
    }

    /// Hands out `bytes` in pieces of at most the asked size, as a file reader does.
    final class Source: @unchecked Sendable {
        private let lock = NSLock()
        private let bytes: [UInt8]
        private var offset = 0
        private let failAt: Int?
        init(_ bytes: [UInt8], failAt: Int? = nil) {
            self.bytes = bytes
            self.failAt = failAt
        }
        struct ReadFailed: Error {}
        func read(_ count: Int) throws -> [UInt8] {
            try lock.withLock {
                if let failAt, offset >= failAt { throw ReadFailed() }
                let end = min(bytes.count, offset + count)
                defer { offset = end }
                return Array(bytes[offset..<end])
            }
        }
    }

    /// Progress values as reported.
    final class Progress: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [UInt64] = []
        func record(_ value: UInt64) { lock.withLock { values.append(value) } }
        var reported: [UInt64] { lock.withLock { values } }
    }

    /// A `remote_error` body: code, domain, message, level 2, nothing else.
    static func errorBody(code: Int32, message: String) -> [UInt8] {
        var encoder = XDREncoder()
        encoder.int(code)
        encoder.int(18)  // VIR_FROM_STORAGE
        encoder.optional(message) { $0.string($1) }
        encoder.int(2)
        for _ in 0..<4 { encoder.bool(false) }  // dom, str1, str2, str3
        encoder.int(0)
        encoder.int(0)
        encoder.bool(false)  // net
        return encoder.bytes
    }

    /// A daemon that accepts the upload call, keeps the stream's packets, confirms the finish,
    /// and lets `script` act on every stream packet first (return false to skip the default).
    static func uploadDaemon(
        _ script: @escaping @Sendable (Packet, FakeDaemon) -> Bool = { _, _ in true }
    ) -> FakeDaemon {
        FakeDaemon { packet, daemon in
            switch (packet.header.type, RemoteProcedure(rawValue: packet.header.procedure)) {
            case (.call, .storageVolUpload):
                daemon.reply(to: packet)
            case (.stream, .storageVolUpload):
                guard script(packet, daemon) else { return }
                if packet.header.status == .ok {
                    daemon.send(Packet(header: packet.header))  // STREAM/OK: everything written
                }
            case (.call, .connectGetHostname):
                var body = XDREncoder()
                body.string("hv1.example")
                daemon.reply(to: packet, body: body.bytes)
            default:
                break
            }
        }
    }

    private func open(_ stream: any ByteStream, callTimeout: Duration = .seconds(60)) async throws -> LibvirtConnection {
        try await LibvirtConnection.open(
            stream: stream, uri: "qemu:///session", options: .init(host: "hv1", keepalive: nil, callTimeout: callTimeout))
    }

    @Test func theCallThenDataPacketsOnItsSerialThenAnEmptyOKPacket() async throws {
        let daemon = Self.uploadDaemon()
        let connection = try await open(daemon)
        let data = Self.data(10_000)
        let source = Source(data)
        let sent = try await connection.storageVolumeUpload(
            Self.volume, offset: 4096, length: UInt64(data.count), chunkSize: 4_000, read: { try source.read($0) })
        #expect(sent == 10_000)

        let upload = daemon.received.filter { $0.header.procedure == RemoteProcedure.storageVolUpload.rawValue }
        let call = try #require(upload.first)
        #expect(call.header.type == .call && call.header.status == .ok)
        var arguments = XDREncoder()
        arguments.encode(Self.volume)
        arguments.uhyper(4096)
        arguments.uhyper(10_000)
        arguments.uint(0)
        #expect(call.body == arguments.bytes)

        let streamPackets = upload.dropFirst()
        #expect(streamPackets.allSatisfy { $0.header.type == .stream && $0.header.serial == call.header.serial })
        #expect(streamPackets.allSatisfy { $0.header.program == .remote && $0.header.version == 1 })
        #expect(streamPackets.map(\.body.count) == [4_000, 4_000, 2_000, 0])
        #expect(streamPackets.map(\.header.status) == [.continue, .continue, .continue, .ok])
        #expect(Array(streamPackets.map(\.body).joined()) == data, "raw bytes, no XDR length or padding")
        // On the wire: length word, 24-byte header, the bytes as they are (2,000 is not padded to 4).
        let frame = Packet(header: try #require(streamPackets.dropFirst(2).first).header, body: Array(data[8_000...])).frame
        #expect(frame.count == 4 + 24 + 2_000)
        #expect(Array(frame.prefix(4)) == [0, 0, 0x07, 0xEC])
        #expect(await connection.isOpen)
        await connection.close()
    }

    @Test func progressReportsTheBytesSentAndEndsAtTheTotal() async throws {
        let daemon = Self.uploadDaemon()
        let connection = try await open(daemon)
        let data = Self.data(1_000_003)
        let source = Source(data)
        let progress = Progress()
        try await connection.storageVolumeUpload(
            Self.volume, length: UInt64(data.count), chunkSize: 65_536, read: { try source.read($0) },
            progress: { progress.record($0) })
        let reported = progress.reported
        #expect(reported.count == 16)
        #expect(zip(reported, reported.dropFirst()).allSatisfy { $0 < $1 })
        #expect(reported.last == 1_000_003)
        #expect(reported.first == 65_536)
        await connection.close()
    }

    @Test func anErrorFromTheServerMidStreamEndsTheUploadWithTheServersWords() async throws {
        let daemon = Self.uploadDaemon { packet, daemon in
            // After the second chunk the disk is full: STREAM/ERROR on the call's serial.
            let chunks = daemon.received.filter { $0.header.type == .stream && $0.header.status == .continue }.count
            if chunks == 2 && packet.header.status == .continue {
                var header = packet.header
                header.status = .error
                daemon.send(Packet(header: header, body: Self.errorBody(code: 38, message: "cannot write: No space left on device")))
            }
            return true
        }
        let connection = try await open(daemon)
        // Four times the write-ahead, so the sender must see the error while it still has data.
        let data = Self.data(4 * Int(LibvirtConnection.streamWriteAhead))
        let source = Source(data)
        let error = await #expect(throws: LibvirtError.self) {
            try await connection.storageVolumeUpload(
                Self.volume, length: UInt64(data.count), chunkSize: 65_536, read: { try source.read($0) })
        }
        #expect(error?.code == .systemError)
        #expect(error?.message == "cannot write: No space left on device")
        #expect(error?.host == "hv1")
        let dataPackets = daemon.received.filter { $0.header.type == .stream && $0.header.status == .continue }
        #expect(dataPackets.count < data.count / 65_536, "the upload stopped once the error came")
        #expect(!daemon.received.contains { $0.header.type == .stream && $0.header.status == .ok }, "no finish after an error")
        // The stream failed, the connection did not.
        #expect(await connection.isOpen)
        #expect(try await connection.getHostname() == "hv1.example")
        await connection.close()
    }

    @Test func aFailedFinishReportedAsAnErrorReplyIsThrown() async throws {
        // libvirtd reports a failed write or finish as REPLY/ERROR on the stream's serial.
        let daemon = Self.uploadDaemon { packet, daemon in
            guard packet.header.status == .ok else { return true }
            var header = packet.header
            header.type = .reply
            header.status = .error
            daemon.send(Packet(header: header, body: Self.errorBody(code: 1, message: "internal error: flush failed")))
            return false
        }
        let connection = try await open(daemon)
        let source = Source(Self.data(5_000))
        let error = await #expect(throws: LibvirtError.self) {
            try await connection.storageVolumeUpload(Self.volume, length: 5_000, read: { try source.read($0) })
        }
        #expect(error?.message == "internal error: flush failed")
        #expect(await connection.isOpen)
        await connection.close()
    }

    @Test func aPeerThatStopsReadingFailsTheUploadWithATimeoutOnce() async throws {
        let daemon = Self.uploadDaemon()
        let stalling = StallingByteStream(base: daemon, stallAfterStreamBytes: 3_000)
        // Answered in-process, the opening calls meet this deadline on any machine; the stream
        // steps have the same one.
        let connection = try await open(stalling, callTimeout: .seconds(2))
        // More than the write-ahead, so the sender itself waits for the stalled writes.
        let length = Int(LibvirtConnection.streamWriteAhead) + 1_000_000
        let source = Source(Self.data(length))
        let error = await #expect(throws: LibvirtConnectionError.self) {
            try await connection.storageVolumeUpload(
                Self.volume, length: UInt64(length), chunkSize: 65_536, read: { try source.read($0) })
        }
        #expect(error?.kind == .timeout)
        #expect(error?.procedure == .storageVolUpload)
        #expect(
            error?.description.hasPrefix("host hv1: the STORAGE_VOL_UPLOAD stream did not take more data within") == true,
            "\(String(describing: error))")
        #expect(await !connection.isOpen)
        await connection.close()
    }

    @Test func aPeerThatStopsReadingTheLastChunksFailsTheFinishWithATimeout() async throws {
        // Everything fits in the write-ahead: the sender reaches the finish, and it is the data that is stuck.
        let daemon = Self.uploadDaemon()
        let stalling = StallingByteStream(base: daemon, stallAfterStreamBytes: 3_000)
        let connection = try await open(stalling, callTimeout: .seconds(2))
        let source = Source(Self.data(50_000))
        let error = await #expect(throws: LibvirtConnectionError.self) {
            try await connection.storageVolumeUpload(Self.volume, length: 50_000, chunkSize: 1_000, read: { try source.read($0) })
        }
        #expect(error?.kind == .timeout)
        #expect(error?.description.contains("the STORAGE_VOL_UPLOAD stream did not take more data") == true, "\(String(describing: error))")
        await connection.close()
    }

    @Test func noConfirmationOfTheFinishFailsWithATimeout() async throws {
        let daemon = Self.uploadDaemon { packet, _ in packet.header.status != .ok }  // never confirms
        let connection = try await open(daemon, callTimeout: .seconds(2))
        let source = Source(Self.data(3_000))
        let error = await #expect(throws: LibvirtConnectionError.self) {
            try await connection.storageVolumeUpload(Self.volume, length: 3_000, read: { try source.read($0) })
        }
        #expect(error?.kind == .timeout)
        #expect(
            error?.description.contains("libvirtd did not confirm the end of STORAGE_VOL_UPLOAD") == true, "\(String(describing: error))")
        await connection.close()
    }

    @Test func aSourceThatFailsAbortsTheStream() async throws {
        let daemon = Self.uploadDaemon()
        let connection = try await open(daemon)
        let source = Source(Self.data(10_000), failAt: 4_000)
        await #expect(throws: Source.ReadFailed.self) {
            try await connection.storageVolumeUpload(Self.volume, length: 10_000, chunkSize: 2_000, read: { try source.read($0) })
        }
        await daemon.waitUntilReceived { packets in packets.contains { $0.header.type == .stream && $0.header.status == .error } }
        let stream = daemon.received.filter { $0.header.type == .stream }
        #expect(stream.map(\.header.status) == [.continue, .continue, .error])
        #expect(stream.last?.body.isEmpty == true)
        #expect(await connection.isOpen)
        await connection.close()
    }

    @Test func aSourceThatEndsEarlyAbortsTheStream() async throws {
        let daemon = Self.uploadDaemon()
        let connection = try await open(daemon)
        let source = Source(Self.data(3_000))
        let error = await #expect(throws: LibvirtConnection.UploadSourceEnded.self) {
            try await connection.storageVolumeUpload(Self.volume, length: 5_000, read: { try source.read($0) })
        }
        #expect(error == LibvirtConnection.UploadSourceEnded(sent: 3_000, expected: 5_000))
        await daemon.waitUntilReceived { packets in packets.contains { $0.header.type == .stream && $0.header.status == .error } }
        await connection.close()
    }

    @Test func keepalivePingsAreAnsweredDuringAnUpload() async throws {
        let daemon = Self.uploadDaemon { packet, daemon in
            let first = daemon.received.filter { $0.header.type == .stream }.count == 1
            if first {
                daemon.send(Packet(header: PacketHeader(program: .keepalive, procedure: 1, type: .message, serial: 0)))
            }
            guard packet.header.status == .ok else { return true }
            // Confirm the finish only once the client has answered the ping.
            Task {
                await daemon.waitUntilReceived { $0.contains { $0.header.program == .keepalive && $0.header.procedure == 2 } }
                daemon.send(Packet(header: packet.header))
            }
            return false
        }
        let connection = try await open(daemon)
        let source = Source(Self.data(20_000))
        try await connection.storageVolumeUpload(Self.volume, length: 20_000, chunkSize: 1_000, read: { try source.read($0) })
        #expect(daemon.received.contains { $0.header.program == .keepalive && $0.header.procedure == 2 })
        await connection.close()
    }

    @Test func anErrorReplyToTheCallOpensNoStream() async throws {
        let daemon = FakeDaemon { packet, daemon in
            guard packet.header.type == .call else { return }
            daemon.reply(to: packet, body: Self.errorBody(code: 50, message: "Storage volume not found"), status: .error)
        }
        let connection = try await open(daemon)
        let source = Source(Self.data(100))
        let error = await #expect(throws: LibvirtError.self) {
            try await connection.storageVolumeUpload(Self.volume, length: 100, read: { try source.read($0) })
        }
        #expect(error?.code == .noStorageVolume)
        #expect(!daemon.received.contains { $0.header.type == .stream })
        #expect(await connection.streams.isEmpty)
        await connection.close()
    }
}
