/// Cuts a byte stream into packets. The stream may arrive in chunks of any size
/// (a pipe or SSH channel splits wherever it likes), so bytes are buffered until
/// a whole frame is present.
public struct FrameDecoder: Sendable {
    /// Why the byte stream cannot be a sequence of libvirt frames; the connection is unusable after it.
    public enum FramingError: Error, Equatable, Sendable, CustomStringConvertible {
        case invalidLength(UInt32)
        case invalidHeader(XDRError)

        public var description: String {
            switch self {
            case let .invalidLength(length):
                "libvirt RPC frame length \(length) is outside \(Packet.minFrameLength)...\(Packet.maxFrameLength)"
            case let .invalidHeader(error): "libvirt RPC header is malformed: \(error)"
            }
        }
    }

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Bytes received but not yet part of a complete frame.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Adds a chunk and returns every frame it completes, in order.
    public mutating func append(_ chunk: [UInt8]) throws(FramingError) -> [Packet] {
        buffer.append(contentsOf: chunk)
        var packets: [Packet] = []
        while let packet = try nextPacket() { packets.append(packet) }
        compact()
        return packets
    }

    private mutating func nextPacket() throws(FramingError) -> Packet? {
        guard bufferedByteCount >= 4 else { return nil }
        let length =
            UInt32(buffer[start]) << 24 | UInt32(buffer[start + 1]) << 16
            | UInt32(buffer[start + 2]) << 8 | UInt32(buffer[start + 3])
        guard length >= Packet.minFrameLength, length <= Packet.maxFrameLength else {
            throw .invalidLength(length)
        }
        guard bufferedByteCount >= Int(length) else { return nil }
        let frameEnd = start + Int(length)
        var decoder = XDRDecoder(Array(buffer[(start + 4)..<(start + Packet.minFrameLength)]))
        let header: PacketHeader
        do { header = try PacketHeader(from: &decoder) } catch { throw .invalidHeader(error) }
        let body = Array(buffer[(start + Packet.minFrameLength)..<frameEnd])
        start = frameEnd
        return Packet(header: header, body: body)
    }

    /// Drops consumed bytes once they dominate the buffer, keeping appends amortised O(n).
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 * 1024 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }
}
