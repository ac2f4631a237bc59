import Foundation
import Testing
import VirtFleetTestSupport

@testable import VirtFleetLibvirt

/// Pool, volume and network procedures against a scripted daemon: the procedure number and the
/// argument bytes each sends (written out by hand from remote_protocol.x), and the replies decoded.
@Suite("Storage and network procedures", .timeLimit(.minutes(1)))
struct ResourceProceduresTests {
    static let poolUUID = UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF") ?? UUID()
    static let pool = StoragePoolReference(name: "images", uuid: poolUUID)
    static let volume = StorageVolumeReference(pool: "images", name: "a.qcow2", key: "/srv/images/a.qcow2")
    static let network = NetworkReference(name: "lab", uuid: poolUUID)

    /// Replies with `body(procedure)` to every call and keeps what was sent.
    private func connection(
        unsupportedFeatures: Set<Int32> = [], _ body: @escaping @Sendable (RemoteProcedure) -> [UInt8] = { _ in [] }
    ) async throws -> (LibvirtConnection, FakeDaemon) {
        let daemon = FakeDaemon(unsupportedFeatures: unsupportedFeatures) { packet, daemon in
            daemon.reply(to: packet, body: body(RemoteProcedure(rawValue: packet.header.procedure)))
        }
        let connection = try await LibvirtConnection.open(
            stream: daemon, uri: "qemu:///system", options: .init(host: "hv1", keepalive: nil))
        return (connection, daemon)
    }

    /// The last call of `procedure` the daemon received.
    private func lastCall(_ procedure: RemoteProcedure, in daemon: FakeDaemon) throws -> [UInt8] {
        try #require(daemon.received.last { $0.header.procedure == procedure.rawValue && $0.header.type == .call }).body
    }

    private func bytes(_ build: (inout XDREncoder) -> Void) -> [UInt8] {
        var encoder = XDREncoder()
        build(&encoder)
        return encoder.bytes
    }

    @Test func procedureNumbersMatchRemoteProtocol() {
        let numbers: [(RemoteProcedure, Int32)] = [
            (.networkCreate, 39), (.networkDefineXML, 41), (.networkDestroy, 42), (.networkGetXMLDesc, 43),
            (.networkGetAutostart, 44), (.networkLookupByName, 46), (.networkSetAutostart, 48), (.networkUndefine, 49),
            (.storagePoolDefineXML, 77), (.storagePoolCreate, 78), (.storagePoolBuild, 79), (.storagePoolDestroy, 80),
            (.storagePoolUndefine, 82), (.storagePoolRefresh, 83), (.storagePoolLookupByName, 84), (.storagePoolGetInfo, 87),
            (.storagePoolGetXMLDesc, 88), (.storagePoolGetAutostart, 89), (.storagePoolSetAutostart, 90),
            (.storageVolCreateXML, 93), (.storageVolDelete, 94), (.storageVolLookupByName, 95), (.storageVolGetInfo, 98),
            (.storageVolGetXMLDesc, 99), (.storageVolCreateXMLFrom, 125), (.networkIsActive, 152), (.storageVolUpload, 208),
            (.storageVolResize, 260), (.connectListAllStoragePools, 281), (.storagePoolListAllVolumes, 282),
            (.connectListAllNetworks, 283), (.networkUpdate, 291), (.storageVolGetInfoFlags, 378), (.networkDefineXMLFlags, 432),
        ]
        for (procedure, number) in numbers { #expect(procedure.rawValue == number, "\(procedure)") }
        #expect(Set(numbers.map { "\($0.0)" }).count == numbers.count, "each has its own libvirt name")
        #expect(!numbers.contains { "\($0.0)".hasPrefix("procedure ") })
    }

    @Test func listingPoolsAsksForResultsAndDecodesTheList() async throws {
        let other = StoragePoolReference(name: "guests", uuid: UUID())
        let (connection, daemon) = try await connection { _ in
            self.bytes { e in
                e.array([Self.pool, other]) { $0.encode($1) }
                e.uint(2)
            }
        }
        #expect(try await connection.listAllStoragePools(flags: [.active, .dir]) == [Self.pool, other])
        #expect(
            try lastCall(.connectListAllStoragePools, in: daemon)
                == bytes {
                    $0.int(1)
                    $0.uint(0x42)
                })
        await connection.close()
    }

    @Test func listingVolumesNamesThePool() async throws {
        let (connection, daemon) = try await connection { _ in
            self.bytes { e in
                e.array([Self.volume]) { $0.encode($1) }
                e.uint(1)
            }
        }
        #expect(try await connection.storagePoolListAllVolumes(Self.pool) == [Self.volume])
        #expect(
            try lastCall(.storagePoolListAllVolumes, in: daemon)
                == bytes { e in
                    e.string("images")
                    e.fixedOpaque(Self.poolUUID.bytes)
                    e.int(1)
                    e.uint(0)
                })
        await connection.close()
    }

    @Test func poolInfoCarriesStateAndSizes() async throws {
        let (connection, _) = try await connection { _ in
            self.bytes { e in
                e.int(2)  // unsigned char state: running, in a 4-byte unit
                e.uhyper(1000)
                e.uhyper(400)
                e.uhyper(600)
            }
        }
        let info = try await connection.storagePoolGetInfo(Self.pool)
        #expect(info == StoragePoolInfo(state: .running, capacity: 1000, allocation: 400, available: 600))
        #expect(info.state.isActive)
        #expect(!StoragePoolState(code: 0).isActive)
        await connection.close()
    }

    @Test func volumeInfoWithThePhysicalFlagUsesGetInfoFlags() async throws {
        let (connection, daemon) = try await connection { _ in
            self.bytes { e in
                e.int(0)  // char type: file
                e.uhyper(64 << 20)
                e.uhyper(4_521_984)
            }
        }
        let info = try await connection.storageVolumeGetInfo(Self.volume, flags: .physical)
        #expect(info == StorageVolumeInfo(type: .file, capacity: 64 << 20, allocation: 4_521_984))
        #expect(
            try lastCall(.storageVolGetInfoFlags, in: daemon)
                == bytes { e in
                    e.encode(Self.volume)
                    e.uint(1)
                })
        _ = try await connection.storageVolumeGetInfo(Self.volume)
        #expect(try lastCall(.storageVolGetInfo, in: daemon) == bytes { $0.encode(Self.volume) })
        await connection.close()
    }

    @Test func definingAPoolSendsTheXMLAndTheValidateFlag() async throws {
        let (connection, daemon) = try await connection { _ in Self.pool.xdrBytes }
        #expect(try await connection.storagePoolDefineXML("<pool/>", flags: .validate) == Self.pool)
        #expect(
            try lastCall(.storagePoolDefineXML, in: daemon)
                == bytes {
                    $0.string("<pool/>")
                    $0.uint(1)
                })
        await connection.close()
    }

    @Test func poolLifeCycleCallsCarryThePoolAndTheirFlags() async throws {
        let (connection, daemon) = try await connection()
        let poolBytes = Self.pool.xdrBytes
        try await connection.storagePoolBuild(Self.pool)
        #expect(try lastCall(.storagePoolBuild, in: daemon) == poolBytes + [0, 0, 0, 0])
        try await connection.storagePoolCreate(Self.pool)
        #expect(try lastCall(.storagePoolCreate, in: daemon) == poolBytes + [0, 0, 0, 0])
        try await connection.storagePoolDestroy(Self.pool)
        #expect(try lastCall(.storagePoolDestroy, in: daemon) == poolBytes)
        try await connection.storagePoolUndefine(Self.pool)
        #expect(try lastCall(.storagePoolUndefine, in: daemon) == poolBytes)
        try await connection.storagePoolSetAutostart(Self.pool, true)
        #expect(try lastCall(.storagePoolSetAutostart, in: daemon) == poolBytes + [0, 0, 0, 1])
        try await connection.storagePoolRefresh(Self.pool)
        #expect(try lastCall(.storagePoolRefresh, in: daemon) == poolBytes + [0, 0, 0, 0])
        await connection.close()
    }

    @Test func volumeCreationCarriesPoolXMLAndForACopyTheSourceVolume() async throws {
        let (connection, daemon) = try await connection { _ in Self.volume.xdrBytes }
        #expect(try await connection.storageVolumeCreateXML("<volume/>", in: Self.pool) == Self.volume)
        #expect(
            try lastCall(.storageVolCreateXML, in: daemon)
                == bytes { e in
                    e.encode(Self.pool)
                    e.string("<volume/>")
                    e.uint(0)
                })
        _ = try await connection.storageVolumeCreateXMLFrom("<volume/>", in: Self.pool, from: Self.volume)
        #expect(
            try lastCall(.storageVolCreateXMLFrom, in: daemon)
                == bytes { e in
                    e.encode(Self.pool)
                    e.string("<volume/>")
                    e.encode(Self.volume)
                    e.uint(0)
                })
        await connection.close()
    }

    /// A full copy is answered only when done: its own deadline, not the connection's, applies.
    /// The daemon answers the first copy after 900 ms and never answers a later one.
    @Test func aCopyWaitsForItsOwnDeadlineNotTheConnections() async throws {
        let copies = CopyCounter()
        let daemon = FakeDaemon { packet, daemon in
            let reply = Self.volume.xdrBytes
            guard RemoteProcedure(rawValue: packet.header.procedure) == .storageVolCreateXMLFrom else {
                return daemon.reply(to: packet, body: reply)
            }
            guard copies.next() == 1 else { return }
            Task {
                try? await Task.sleep(for: .milliseconds(900))
                daemon.reply(to: packet, body: reply)
            }
        }
        // Not opened (the handshake would have to beat the short call timeout on a loaded machine);
        // the copy outlasts the 300 ms call timeout.
        let connection = LibvirtConnection(stream: daemon, host: "hv1", callTimeout: .milliseconds(300))
        await connection.startReading()
        let copied = try await connection.storageVolumeCreateXMLFrom("<volume/>", in: Self.pool, from: Self.volume, timeout: .seconds(60))
        #expect(copied == Self.volume)
        #expect(await connection.isOpen)
        // A copy that outlasts its own deadline fails alone: the connection carries on.
        let own = await #expect(throws: LibvirtConnectionError.self) {
            _ = try await connection.storageVolumeCreateXMLFrom("<volume/>", in: Self.pool, from: Self.volume, timeout: .milliseconds(200))
        }
        #expect(own?.kind == .timeout)
        #expect(await connection.isOpen)
        #expect(try await connection.storageVolumeCreateXML("<volume/>", in: Self.pool) == Self.volume)
        // Without a deadline of its own, an unanswered copy times out under the connection's, and
        // fails the connection like any unanswered call.
        let error = await #expect(throws: LibvirtConnectionError.self) {
            _ = try await connection.storageVolumeCreateXMLFrom("<volume/>", in: Self.pool, from: Self.volume)
        }
        #expect(error?.kind == .timeout)
        #expect(await !connection.isOpen)
        await connection.close()
    }

    @Test func resizeAndDeleteCarryTheVolume() async throws {
        let (connection, daemon) = try await connection()
        try await connection.storageVolumeResize(Self.volume, capacity: 10 << 30)
        #expect(
            try lastCall(.storageVolResize, in: daemon)
                == bytes { e in
                    e.encode(Self.volume)
                    e.uhyper(10 << 30)
                    e.uint(0)
                })
        try await connection.storageVolumeDelete(Self.volume)
        #expect(
            try lastCall(.storageVolDelete, in: daemon)
                == bytes {
                    $0.encode(Self.volume)
                    $0.uint(0)
                })
        await connection.close()
    }

    @Test func lookupsSendTheNameAndDecodeTheReference() async throws {
        let (connection, daemon) = try await connection { procedure in
            switch procedure {
            case .storagePoolLookupByName: Self.pool.xdrBytes
            case .storageVolLookupByName: Self.volume.xdrBytes
            default: Self.network.xdrBytes
            }
        }
        #expect(try await connection.storagePoolLookupByName("images") == Self.pool)
        #expect(try lastCall(.storagePoolLookupByName, in: daemon) == bytes { $0.string("images") })
        #expect(try await connection.storageVolumeLookupByName("a.qcow2", in: Self.pool) == Self.volume)
        #expect(
            try lastCall(.storageVolLookupByName, in: daemon)
                == bytes {
                    $0.encode(Self.pool)
                    $0.string("a.qcow2")
                })
        #expect(try await connection.networkLookupByName("lab") == Self.network)
        #expect(try lastCall(.networkLookupByName, in: daemon) == bytes { $0.string("lab") })
        await connection.close()
    }

    @Test func networkCallsCarryTheNetworkAndDecodeTheirAnswers() async throws {
        let (connection, daemon) = try await connection { procedure in
            switch procedure {
            case .networkGetXMLDesc: NonnullString("<network/>").xdrBytes
            case .networkIsActive, .networkGetAutostart: XDRInt(1).xdrBytes
            case .networkDefineXML, .networkDefineXMLFlags: Self.network.xdrBytes
            case .connectListAllNetworks:
                self.bytes { e in
                    e.array([Self.network]) { $0.encode($1) }
                    e.uint(1)
                }
            default: []
            }
        }
        let networkBytes = Self.network.xdrBytes
        #expect(try await connection.listAllNetworks() == [Self.network])
        #expect(try await connection.networkGetXMLDesc(Self.network, flags: .inactive) == "<network/>")
        #expect(try lastCall(.networkGetXMLDesc, in: daemon) == networkBytes + [0, 0, 0, 1])
        #expect(try await connection.networkIsActive(Self.network))
        #expect(try await connection.networkGetAutostart(Self.network))
        #expect(try await connection.networkDefineXML("<network/>", flags: .validate) == Self.network)
        #expect(
            try lastCall(.networkDefineXMLFlags, in: daemon)
                == bytes {
                    $0.string("<network/>")
                    $0.uint(1)
                })
        #expect(try await connection.networkDefineXML("<network/>") == Self.network)
        #expect(try lastCall(.networkDefineXML, in: daemon) == bytes { $0.string("<network/>") })
        try await connection.networkCreate(Self.network)
        try await connection.networkDestroy(Self.network)
        try await connection.networkUndefine(Self.network)
        try await connection.networkSetAutostart(Self.network, false)
        #expect(try lastCall(.networkSetAutostart, in: daemon) == networkBytes + [0, 0, 0, 0])
        for procedure in [RemoteProcedure.networkCreate, .networkDestroy, .networkUndefine] {
            #expect(try lastCall(procedure, in: daemon) == networkBytes)
        }
        await connection.close()
    }

    /// `command` then `section` on the wire for a daemon with the fix; swapped for one without.
    @Test(arguments: [true, false]) func networkUpdateSendsCommandAndSectionInTheOrderTheDaemonExpects(correct: Bool) async throws {
        let (connection, daemon) = try await connection(unsupportedFeatures: correct ? [] : [16])
        let host = "<host mac='52:54:00:00:00:01' ip='10.0.0.5'/>"
        try await connection.networkUpdate(
            Self.network, command: .addLast, section: .ipDHCPHost, parentIndex: -1, xml: host, flags: [.live, .config])
        let expected = bytes { e in
            e.encode(Self.network)
            e.uint(correct ? 3 : 4)
            e.uint(correct ? 4 : 3)
            e.int(-1)
            e.string(host)
            e.uint(3)
        }
        #expect(try lastCall(.networkUpdate, in: daemon) == expected)
        #expect(try lastCall(.connectSupportsFeature, in: daemon) == XDRInt(16).xdrBytes)
        await connection.close()
    }
}

/// Counts the calls a scripted daemon received (its responder runs on the reader's thread).
final class CopyCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
