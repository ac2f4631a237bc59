/// Uploading a volume's contents through a stream on the connection (`virStorageVolUpload`).
extension LibvirtConnection {
    /// The data each STREAM packet of an upload carries unless the caller says otherwise: the
    /// legacy payload limit every libvirtd accepts, which libvirt's own client sends too. Over SSH
    /// to a testbed host, 1 MiB and 4 MiB packets were no faster (`scripts/bench-upload`; the
    /// write-ahead, not the packet size, keeps the pipe full); docs/libvirt-rpc.md, "Streams".
    public static let defaultUploadChunkSize = legacyStreamPayloadMax

    /// Why an upload stopped on the client's side.
    public struct UploadSourceEnded: Error, Sendable, Equatable, CustomStringConvertible {
        public var sent: UInt64
        public var expected: UInt64
        public var description: String { "the upload source ended after \(sent) of \(expected) bytes" }
    }

    /// The upload's source returned more bytes than it was asked for.
    public struct UploadSourceOverrun: Error, Sendable, Equatable, CustomStringConvertible {
        public var asked: Int
        public var returned: Int
        public var description: String { "the upload source returned \(returned) bytes when asked for at most \(asked)" }
    }

    /// `virStorageVolUpload`: writes `length` bytes from `read` into `volume` at `offset`.
    ///
    /// The call opens a stream; each chunk (`read(n)` returns up to `n` bytes, empty at the end)
    /// goes out as one STREAM packet, the next chunk is read while the previous one is being
    /// written, and `progress` hears the bytes handed over so far after each chunk. The upload
    /// ends with the finishing packet and the server's confirmation. A server error at any point
    /// (the disk full, the volume gone) is thrown as `LibvirtError`; a source that throws or ends
    /// early aborts the stream. Every step (each chunk taken by the byte stream, the final
    /// confirmation) must finish within the call timeout, not the whole upload.
    /// - Returns: the number of bytes sent.
    @discardableResult
    public func storageVolumeUpload(
        _ volume: StorageVolumeReference, offset: UInt64 = 0, length: UInt64, flags: StorageVolumeUploadFlags = [],
        chunkSize: Int = defaultUploadChunkSize,
        read: @Sendable (Int) async throws -> [UInt8],
        progress: @Sendable (UInt64) -> Void = { _ in }
    ) async throws -> UInt64 {
        let size = min(max(1, chunkSize), Self.streamPayloadMax)
        let arguments = UploadArguments(volume: volume, offset: offset, length: length, flags: flags.rawValue)
        let stream = try await openStream(.storageVolUpload, arguments)
        var sent: UInt64 = 0
        do {
            while sent < length {
                try Task.checkCancellation()
                let asked = Int(min(UInt64(size), length - sent))
                let chunk = try await read(asked)
                guard !chunk.isEmpty else { throw UploadSourceEnded(sent: sent, expected: length) }
                guard chunk.count <= asked else { throw UploadSourceOverrun(asked: asked, returned: chunk.count) }
                try await sendStreamData(stream, chunk)
                sent += UInt64(chunk.count)
                progress(sent)
            }
            try await finishStream(stream)
        } catch {
            abortStream(stream)
            throw (error as? LibvirtError)?.with(host: host) ?? error
        }
        return sent
    }
}

/// `remote_storage_vol_upload_args`.
private struct UploadArguments: XDREncodable {
    var volume: StorageVolumeReference
    var offset: UInt64
    var length: UInt64
    var flags: UInt32
    func encode(to encoder: inout XDREncoder) {
        encoder.encode(volume)
        encoder.uhyper(offset)
        encoder.uhyper(length)
        encoder.uint(flags)
    }
}
