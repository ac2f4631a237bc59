import Testing

@testable import VirtFleetLibvirt

/// Packet framing: the length word, the 24-byte header, and cutting a stream into frames.
@Suite("Framing")
struct FramingTests {
    /// CONNECT_OPEN(name: "qemu:///system", flags: 0), serial 1, written out by hand.
    static let connectOpenFrame: [UInt8] = [
        0x00, 0x00, 0x00, 0x38,  // length 56 = 4 + 24 + 28, counting itself
        0x20, 0x00, 0x80, 0x86,  // program REMOTE
        0x00, 0x00, 0x00, 0x01,  // version 1
        0x00, 0x00, 0x00, 0x01,  // procedure 1 CONNECT_OPEN
        0x00, 0x00, 0x00, 0x00,  // type CALL
        0x00, 0x00, 0x00, 0x01,  // serial 1
        0x00, 0x00, 0x00, 0x00,  // status OK
        0x00, 0x00, 0x00, 0x01,  // name: present
        0x00, 0x00, 0x00, 0x0E,  // 14 bytes
        0x71, 0x65, 0x6D, 0x75, 0x3A, 0x2F, 0x2F, 0x2F, 0x73, 0x79, 0x73, 0x74, 0x65, 0x6D,  // qemu:///system
        0x00, 0x00,  // padding to 16
        0x00, 0x00, 0x00, 0x00,  // flags 0
    ]

    /// A keepalive PONG: program "keep", procedure 2, type MESSAGE, serial 0, no body.
    static let pongFrame: [UInt8] = [
        0x00, 0x00, 0x00, 0x1C, 0x6B, 0x65, 0x65, 0x70, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]

    static let connectOpen = Packet(
        header: PacketHeader(program: .remote, procedure: RemoteProcedure.connectOpen.rawValue, type: .call, serial: 1),
        body: OpenArguments(name: "qemu:///system", flags: 0).xdrBytes)

    static let pong = Packet(
        header: PacketHeader(
            program: .keepalive, procedure: KeepaliveProcedure.pong.rawValue, type: .message, serial: 0))

    @Test func connectOpenCallBytes() {
        #expect(Self.connectOpen.frame == Self.connectOpenFrame)
    }

    @Test func keepalivePongBytes() {
        #expect(Self.pong.frame == Self.pongFrame)
    }

    @Test func wholeFramesDecode() throws {
        var decoder = FrameDecoder()
        #expect(try decoder.append(Self.connectOpenFrame + Self.pongFrame) == [Self.connectOpen, Self.pong])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func everyTwoWaySplitOfTheStreamDecodesTheSame() throws {
        let stream = Self.connectOpenFrame + Self.pongFrame
        for cut in 0...stream.count {
            var decoder = FrameDecoder()
            let packets = try decoder.append(Array(stream[..<cut])) + decoder.append(Array(stream[cut...]))
            #expect(packets == [Self.connectOpen, Self.pong], "cut at \(cut)")
        }
    }

    @Test func everyThreeWaySplitAndSingleBytesDecodeTheSame() throws {
        let stream = Self.pongFrame + Self.connectOpenFrame + Self.pongFrame
        for first in 0...stream.count {
            for second in first...stream.count {
                var decoder = FrameDecoder()
                var packets = try decoder.append(Array(stream[..<first]))
                packets += try decoder.append(Array(stream[first..<second]))
                packets += try decoder.append(Array(stream[second...]))
                #expect(packets == [Self.pong, Self.connectOpen, Self.pong], "cuts at \(first), \(second)")
            }
        }
        var decoder = FrameDecoder()
        var packets: [Packet] = []
        for byte in stream { packets += try decoder.append([byte]) }
        #expect(packets == [Self.pong, Self.connectOpen, Self.pong])
    }

    @Test func incompleteFrameWaits() throws {
        var decoder = FrameDecoder()
        #expect(try decoder.append(Array(Self.connectOpenFrame.dropLast())).isEmpty)
        #expect(decoder.bufferedByteCount == Self.connectOpenFrame.count - 1)
        #expect(try decoder.append([0]) == [Self.connectOpen])
    }

    @Test func impossibleLengthsAndHeadersAreRefused() {
        var tooShort = FrameDecoder()
        #expect(throws: FrameDecoder.FramingError.invalidLength(27)) { try tooShort.append([0, 0, 0, 27]) }
        var tooLong = FrameDecoder()
        #expect(throws: FrameDecoder.FramingError.invalidLength(0x7FFF_FFFF)) { try tooLong.append([0x7F, 0xFF, 0xFF, 0xFF]) }
        var badType = FrameDecoder()
        var frame = Self.pongFrame
        frame[19] = 9  // message type 9 does not exist
        #expect(throws: FrameDecoder.FramingError.self) { try badType.append(frame) }
    }
}
