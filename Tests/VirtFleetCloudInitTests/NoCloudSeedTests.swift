import Crypto
import Foundation
import Testing
import VirtFleetCloudInit
import VirtFleetTestSupport

@Suite struct NoCloudSeedTests {
    static let userData = "#cloud-config\nhostname: web-01\nruncmd:\n  - echo seeded > /dev/ttyS0\n"
    static let metaData = "instance-id: \"5c7e8a8e-2f1b-5a5e-9d41-0e4c2b1f6a10\"\nlocal-hostname: \"web-01\"\n"
    static let networkConfig = "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n"

    static func seed() throws -> NoCloudSeed {
        try NoCloudSeed(userData: userData, metaData: metaData, networkConfig: networkConfig)
    }

    @Test func volumeIdentifierIsCidataWithJolietAndRockRidge() throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let description = try SeedReaders(image: image, in: directory).describe()
            let lines = description.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.contains("CD-ROM is in ISO 9660 format"))
            #expect(lines.contains("Volume id: cidata"))
            #expect(lines.contains("Logical block size is: 2048"))
            #expect(lines.contains("Volume size is: \(image.count / 2048)"))
            #expect(lines.contains("Joliet with UCS level 3 found"))
            #expect(lines.contains("Rock Ridge signatures version 1 found"))
        }
        #expect(image.count % 2048 == 0)
    }

    /// How cloud-init finds the seed: `blkid -t LABEL=cidata` (util-linux's libblkid).
    @Test func blkidFindsTheCidataLabel() throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            let probe = try ProcessRunner.run(try SeedReaders.tool("blkid"), ["-p", "-o", "export", readers.image]).checked()
            let fields = probe.output.split(separator: "\n").map(String.init)
            #expect(fields.contains("LABEL=cidata"))
            #expect(fields.contains("TYPE=iso9660"))
        }
    }

    /// genisoimage's own structure checker (path tables, directory records, extents).
    @Test(arguments: [0, 1, 2049, NoCloudSeed.maximumDocumentBytes])
    func isovfyFindsNoErrors(size: Int) throws {
        let image = try NoCloudSeed(userData: pattern(size), metaData: pattern(size / 2), networkConfig: pattern(size / 3)).image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            let result = try ProcessRunner.run(try SeedReaders.tool("isovfy"), [readers.image]).checked()
            #expect(result.output.split(separator: "\n").last == "No errors found", "\(result.output)")
        }
    }

    @Test func primaryDescriptorHoldsTheFixedDates() throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let fields = try SeedReaders(image: image, in: directory).primaryVolumeDescriptor()
            #expect(fields["Volume Id"] == "cidata")
            #expect(fields["App Id"] == "VIRTFLEET NOCLOUD SEED")
            #expect(fields["Creation Time"] == "1970010100000000")
            #expect(fields["Modif. Time"] == "1970010100000000")
        }
    }

    @Test(arguments: [SeedReaders.Names.rockRidge, .joliet])
    func listsTheThreeNamesCloudInitReads(names: SeedReaders.Names) throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let entries = try SeedReaders(image: image, in: directory).list(names)
            #expect(entries.map(\.name) == ["meta-data", "network-config", "user-data"])
            #expect(entries.map(\.size) == [Self.metaData.utf8.count, Self.networkConfig.utf8.count, Self.userData.utf8.count])
            #expect(entries.allSatisfy { $0.date == "Jan  1 1970" }, "\(entries)")
            if names == .rockRidge {
                #expect(entries.allSatisfy { $0.mode == "-r--r--r--" }, "\(entries)")
            }
        }
    }

    @Test func plainISO9660NamesAreGenisoimagesEightDotThree() throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            #expect(try readers.list(.iso9660).map(\.name) == ["META_DAT.;1", "NETWORK_.;1", "USER_DAT.;1"])
            #expect(try readers.extract("/USER_DAT.;1", names: .iso9660) == Array(Self.userData.utf8))
        }
    }

    @Test(arguments: [SeedReaders.Names.rockRidge, .joliet])
    func extractsEveryDocumentByteForByte(names: SeedReaders.Names) throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            #expect(try readers.extract("/user-data", names: names) == Array(Self.userData.utf8))
            #expect(try readers.extract("/meta-data", names: names) == Array(Self.metaData.utf8))
            #expect(try readers.extract("/network-config", names: names) == Array(Self.networkConfig.utf8))
        }
    }

    @Test func xorrisoExtractsTheSameTreeReadOnly() throws {
        let image = try Self.seed().image()
        try withTemporaryDirectory { directory in
            let files = try SeedReaders(image: image, in: directory).extractAllWithXorriso()
            #expect(files.keys.sorted() == ["meta-data", "network-config", "user-data"])
            #expect(files["user-data"]?.bytes == Array(Self.userData.utf8))
            #expect(files["meta-data"]?.bytes == Array(Self.metaData.utf8))
            #expect(files["network-config"]?.bytes == Array(Self.networkConfig.utf8))
            #expect(files.values.allSatisfy { $0.permissions == 0o444 })
        }
    }

    @Test func withoutNetworkConfigTheSeedHasTwoFiles() throws {
        let image = try NoCloudSeed(userData: Self.userData, metaData: Self.metaData).image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            #expect(try readers.list(.rockRidge).map(\.name) == ["meta-data", "user-data"])
            #expect(try readers.list(.joliet).map(\.name) == ["meta-data", "user-data"])
            #expect(try readers.extractAllWithXorriso().keys.sorted() == ["meta-data", "user-data"])
        }
    }

    // MARK: Determinism

    @Test func sameDocumentsGiveTheSameBytes() throws {
        let first = try Self.seed().image()
        let second = try Self.seed().image()
        #expect(first == second)
        let bytes = try NoCloudSeed(
            userData: Array(Self.userData.utf8), metaData: Array(Self.metaData.utf8), networkConfig: Array(Self.networkConfig.utf8)
        ).image()
        #expect(bytes == first)
    }

    /// The digest a plan will store for this seed. It changes only when the writer's output
    /// changes, which would show every guest's seed as changed: update it deliberately, never to
    /// make a test pass.
    @Test func imageDigestIsPinned() throws {
        let digest = SHA256.hash(data: try Self.seed().image()).map { String(format: "%02x", $0) }.joined()
        #expect(digest == "fec0e96b0b97500273fb1db5c71cdc62e8b2377dea43437061dd4a824c2a08a2")
    }

    @Test func anyChangedDocumentOrTimestampChangesTheBytes() throws {
        let base = try Self.seed().image()
        #expect(try NoCloudSeed(userData: Self.userData + " ", metaData: Self.metaData, networkConfig: Self.networkConfig).image() != base)
        #expect(try NoCloudSeed(userData: Self.userData, metaData: Self.metaData + " ", networkConfig: Self.networkConfig).image() != base)
        #expect(try NoCloudSeed(userData: Self.userData, metaData: Self.metaData, networkConfig: Self.networkConfig + " ").image() != base)
        #expect(try NoCloudSeed(userData: Self.userData, metaData: Self.metaData).image() != base)
        let dated = try NoCloudSeed(
            userData: Self.userData, metaData: Self.metaData, networkConfig: Self.networkConfig,
            timestamp: SeedTimestamp(secondsSince1970: 1_700_000_000))
        #expect(try dated.image() != base)
        #expect(try dated.image().count == base.count)
    }

    @Test func givenTimestampIsWrittenEverywhere() throws {
        // 2023-11-14T22:13:20Z
        let seed = try NoCloudSeed(
            userData: Self.userData, metaData: Self.metaData, timestamp: SeedTimestamp(secondsSince1970: 1_700_000_000))
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: try seed.image(), in: directory)
            let fields = try readers.primaryVolumeDescriptor()
            #expect(fields["Creation Time"] == "2023111422132000")
            #expect(fields["Modif. Time"] == "2023111422132000")
            #expect(try readers.list(.rockRidge).map(\.date) == ["Nov 14 2023", "Nov 14 2023"])
            #expect(try readers.list(.joliet).map(\.date) == ["Nov 14 2023", "Nov 14 2023"])
        }
    }

    /// Leap days, century years and the ends of days: the calendar arithmetic behind every date field.
    @Test(arguments: [
        (Int64(951_827_696), "2000022912345600"), (4_107_542_400, "2100030100000000"), (946_684_799, "1999123123595900"),
        (1_709_251_199, "2024022923595900"), (63_072_001, "1972010100000100"),
    ])
    func calendarDatesAreWrittenInUTC(seconds: Int64, expected: String) throws {
        let seed = try NoCloudSeed(userData: "", metaData: "", timestamp: SeedTimestamp(secondsSince1970: seconds))
        try withTemporaryDirectory { directory in
            let fields = try SeedReaders(image: try seed.image(), in: directory).primaryVolumeDescriptor()
            #expect(fields["Creation Time"] == expected)
        }
    }

    @Test func lastRecordableSecondIsWritten() throws {
        let seed = try NoCloudSeed(
            userData: "", metaData: "", timestamp: SeedTimestamp(secondsSince1970: SeedTimestamp.supportedRange.upperBound))
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: try seed.image(), in: directory)
            #expect(try readers.primaryVolumeDescriptor()["Creation Time"] == "2155123123595900")
            #expect(try readers.list(.rockRidge).map(\.date) == ["Dec 31 2155", "Dec 31 2155"])
        }
    }

    // MARK: Sizes

    @Test func emptyDocumentsAreEmptyFiles() throws {
        let image = try NoCloudSeed(userData: "", metaData: "", networkConfig: "").image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            let entries = try readers.list(.rockRidge)
            #expect(entries.map(\.name) == ["meta-data", "network-config", "user-data"])
            #expect(entries.map(\.size) == [0, 0, 0])
            #expect(try readers.extract("/user-data", names: .rockRidge) == [])
            #expect(try readers.extract("/network-config", names: .joliet) == [])
            let files = try readers.extractAllWithXorriso()
            #expect(files.keys.sorted() == ["meta-data", "network-config", "user-data"])
            #expect(files.values.allSatisfy { $0.bytes.isEmpty })
        }
    }

    /// Sizes around block boundaries: each document starts on a block of its own.
    @Test(arguments: [1, 2047, 2048, 2049, 4096, 10_000])
    func documentsAroundBlockBoundaries(size: Int) throws {
        let userData = pattern(size, seed: 1)
        let metaData = pattern(size + 1, seed: 2)
        let networkConfig = pattern(max(0, size - 1), seed: 3)
        let image = try NoCloudSeed(userData: userData, metaData: metaData, networkConfig: networkConfig).image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            #expect(try readers.extract("/user-data", names: .rockRidge) == userData)
            #expect(try readers.extract("/meta-data", names: .joliet) == metaData)
            #expect(try readers.extract("/network-config", names: .rockRidge) == networkConfig)
        }
    }

    @Test func documentsAtTheLimitAreWrittenWhole() throws {
        let limit = NoCloudSeed.maximumDocumentBytes
        let userData = pattern(limit, seed: 7)
        let metaData = pattern(limit, seed: 8)
        let networkConfig = pattern(limit, seed: 9)
        let image = try NoCloudSeed(userData: userData, metaData: metaData, networkConfig: networkConfig).image()
        #expect(image.count == NoCloudSeed.maximumImageBytes)
        #expect(NoCloudSeed.maximumImageBytes == 3_506_176)
        try withTemporaryDirectory { directory in
            let files = try SeedReaders(image: image, in: directory).extractAllWithXorriso()
            #expect(files["user-data"]?.bytes == userData)
            #expect(files["meta-data"]?.bytes == metaData)
            #expect(files["network-config"]?.bytes == networkConfig)
        }
    }

    @Test func documentsOverTheLimitAreRefused() throws {
        let limit = NoCloudSeed.maximumDocumentBytes
        let over = [UInt8](repeating: 0x61, count: limit + 1)
        #expect(throws: NoCloudSeedError.documentTooLarge(document: "user-data", bytes: limit + 1, limit: limit)) {
            try NoCloudSeed(userData: over, metaData: [])
        }
        #expect(throws: NoCloudSeedError.documentTooLarge(document: "meta-data", bytes: limit + 1, limit: limit)) {
            try NoCloudSeed(userData: [], metaData: over)
        }
        #expect(throws: NoCloudSeedError.documentTooLarge(document: "network-config", bytes: limit + 1, limit: limit)) {
            try NoCloudSeed(userData: [], metaData: [], networkConfig: over)
        }
        let text = String(repeating: "é", count: limit / 2 + 1)  // two UTF-8 bytes each: counted in bytes
        #expect(throws: NoCloudSeedError.documentTooLarge(document: "user-data", bytes: limit + 2, limit: limit)) {
            try NoCloudSeed(userData: text, metaData: "")
        }
        let message = NoCloudSeedError.documentTooLarge(document: "user-data", bytes: limit + 1, limit: limit).description
        #expect(message == "user-data has 1048577 bytes, more than the 1048576 a NoCloud seed document may have")
    }

    // MARK: Content

    @Test func nonASCIIAndBinaryContentIsPreservedByteForByte() throws {
        let userData = "#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: \"Grüße, 日本語, ελληνικά, 🚀\\n\"\n"
        let metaData = "instance-id: \"ü-1\"\r\nlocal-hostname: \"h\"\r\n"  // CRLF and non-ASCII kept as given
        let gzipLike: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xC3, 0x28, 0x00, 0xFE]
        let image = try NoCloudSeed(userData: Array(userData.utf8), metaData: Array(metaData.utf8), networkConfig: gzipLike).image()
        try withTemporaryDirectory { directory in
            let readers = try SeedReaders(image: image, in: directory)
            #expect(try readers.extract("/user-data", names: .rockRidge) == Array(userData.utf8))
            #expect(try readers.extract("/user-data", names: .joliet) == Array(userData.utf8))
            #expect(try readers.extract("/meta-data", names: .rockRidge) == Array(metaData.utf8))
            #expect(try readers.extract("/network-config", names: .rockRidge) == gzipLike)
            let files = try readers.extractAllWithXorriso()
            #expect(files["user-data"]?.bytes == Array(userData.utf8))
            #expect(files["network-config"]?.bytes == gzipLike)
        }
    }

    @Test func documentsAreKeptAsGiven() throws {
        let seed = try NoCloudSeed(userData: "a", metaData: "b", networkConfig: nil)
        #expect(seed.userData == [0x61])
        #expect(seed.metaData == [0x62])
        #expect(seed.networkConfig == nil)
        #expect(seed.timestamp == .unixEpoch)
        #expect(seed.documents.map(\.0) == [.userData, .metaData])
    }
}
