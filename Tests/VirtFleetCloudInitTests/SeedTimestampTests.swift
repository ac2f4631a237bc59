import Testing
import VirtFleetCloudInit

@Suite struct SeedTimestampTests {
    @Test(arguments: [Int64.min, -1, 5_869_584_000, Int64.max])
    func outOfRangeIsRefused(seconds: Int64) {
        #expect(throws: NoCloudSeedError.timestampOutOfRange(secondsSince1970: seconds)) {
            try SeedTimestamp(secondsSince1970: seconds)
        }
    }

    @Test func rangeEndsAreAccepted() throws {
        #expect(try SeedTimestamp(secondsSince1970: 0) == .unixEpoch)
        #expect(try SeedTimestamp(secondsSince1970: 5_869_583_999).secondsSince1970 == 5_869_583_999)
    }
}
