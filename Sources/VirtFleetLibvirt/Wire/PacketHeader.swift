/// The 24-byte header in front of every libvirt RPC message
/// (`virNetMessageHeader` in libvirt's `virnetprotocol.x`).
public struct PacketHeader: Equatable, Sendable, XDRCodable {
    /// Which RPC program a message belongs to.
    public struct Program: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// `REMOTE_PROGRAM`: the hypervisor API.
        public static let remote = Program(rawValue: 0x2000_8086)
        /// `KEEPALIVE_PROGRAM` ("keep"): liveness pings in both directions.
        public static let keepalive = Program(rawValue: 0x6b65_6570)
    }

    /// `virNetMessageType`.
    public enum MessageType: Int32, Sendable {
        case call = 0, reply = 1, message = 2, stream = 3
        case callWithFDs = 4, replyWithFDs = 5, streamHole = 6
    }

    /// `virNetMessageStatus`.
    public enum Status: Int32, Sendable {
        case ok = 0, error = 1, `continue` = 2
    }

    public static let byteCount = 24

    public var program: Program
    public var version: UInt32
    public var procedure: Int32
    public var type: MessageType
    public var serial: UInt32
    public var status: Status

    public init(
        program: Program, version: UInt32 = 1, procedure: Int32,
        type: MessageType, serial: UInt32, status: Status = .ok
    ) {
        self.program = program
        self.version = version
        self.procedure = procedure
        self.type = type
        self.serial = serial
        self.status = status
    }

    public func encode(to encoder: inout XDREncoder) {
        encoder.uint(program.rawValue)
        encoder.uint(version)
        encoder.int(procedure)
        encoder.int(type.rawValue)
        encoder.uint(serial)
        encoder.int(status.rawValue)
    }

    public init(from decoder: inout XDRDecoder) throws(XDRError) {
        program = Program(rawValue: try decoder.uint())
        version = try decoder.uint()
        procedure = try decoder.int()
        let typeAt = decoder.offset
        guard let type = MessageType(rawValue: try decoder.int()) else {
            throw .invalidValue("message type", offset: typeAt)
        }
        self.type = type
        serial = try decoder.uint()
        let statusAt = decoder.offset
        guard let status = Status(rawValue: try decoder.int()) else {
            throw .invalidValue("message status", offset: statusAt)
        }
        self.status = status
    }
}
