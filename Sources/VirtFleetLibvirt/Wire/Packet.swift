/// One libvirt RPC message: header plus XDR body. On the wire it is preceded by a
/// 4-byte big-endian length that counts itself, the header and the body.
public struct Packet: Equatable, Sendable {
    public var header: PacketHeader
    public var body: [UInt8]

    /// libvirt's `VIR_NET_MESSAGE_MAX` (32 MiB in current releases) plus the length word;
    /// anything larger is refused rather than buffered.
    public static let maxFrameLength = 4 + 32 * 1024 * 1024
    /// The length word and the header, with an empty body.
    public static let minFrameLength = 4 + PacketHeader.byteCount

    public init(header: PacketHeader, body: [UInt8] = []) {
        self.header = header
        self.body = body
    }

    /// The complete frame: length word, header, body.
    public var frame: [UInt8] {
        var encoder = XDREncoder()
        encoder.uint(UInt32(Self.minFrameLength + body.count))
        header.encode(to: &encoder)
        var bytes = encoder.bytes
        bytes.append(contentsOf: body)
        return bytes
    }
}
