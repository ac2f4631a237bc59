/// The one time written everywhere in a seed image (volume descriptors, directory records, Rock
/// Ridge time stamps), so the same documents always give the same bytes. The default is the Unix
/// epoch; a caller that wants a meaningful date passes a fixed one, never the clock.
public struct SeedTimestamp: Hashable, Sendable {
    /// UTC seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    /// 1970-01-01T00:00:00Z through 2155-12-31T23:59:59Z: a directory record keeps the year as
    /// one byte counted from 1900, and a seed has no business before 1970.
    public static let supportedRange: ClosedRange<Int64> = 0...5_869_583_999

    public static let unixEpoch = SeedTimestamp(checked: 0)

    public init(secondsSince1970: Int64) throws(NoCloudSeedError) {
        guard Self.supportedRange.contains(secondsSince1970) else {
            throw .timestampOutOfRange(secondsSince1970: secondsSince1970)
        }
        self.init(checked: secondsSince1970)
    }

    private init(checked seconds: Int64) {
        secondsSince1970 = seconds
    }

    /// The civil UTC date and time (proleptic Gregorian calendar).
    struct Civil: Equatable {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
    }

    /// Days-to-civil after Howard Hinnant's public-domain `civil_from_days`; the range check in
    /// `init` keeps every intermediate value small.
    var civil: Civil {
        let days = secondsSince1970 / 86_400
        let secondOfDay = Int(secondsSince1970 % 86_400)
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(
            year: Int(year), month: Int(month), day: Int(day), hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60)
    }
}
