/// Why a NoCloud seed, its meta-data or its timestamp was refused. Each case names the value and
/// the rule, so a caller can turn it into a located problem without knowing the writer.
public enum NoCloudSeedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A document is larger than `NoCloudSeed.maximumDocumentBytes`.
    case documentTooLarge(document: String, bytes: Int, limit: Int)
    /// The instance id breaks `NoCloudSeed.defaultMetaData`'s rule.
    case invalidInstanceID(String, reason: String)
    /// The host name is no RFC 1123 host name.
    case invalidHostname(String, reason: String)
    /// A timestamp ISO 9660 cannot record (see `SeedTimestamp.supportedRange`).
    case timestampOutOfRange(secondsSince1970: Int64)
    /// The writer's own layout did not add up. Input within the limits never gets here: this is a
    /// bug in the writer, reported instead of writing a wrong image.
    case layout(String)

    public var description: String {
        switch self {
        case .documentTooLarge(let document, let bytes, let limit):
            "\(document) has \(bytes) bytes, more than the \(limit) a NoCloud seed document may have"
        case .invalidInstanceID(let id, let reason):
            "instance-id '\(Self.printable(id))' is not usable: \(reason)"
        case .invalidHostname(let name, let reason):
            "local-hostname '\(Self.printable(name))' is not a host name: \(reason)"
        case .timestampOutOfRange(let seconds):
            "seed timestamp \(seconds) (seconds since 1970) is outside what ISO 9660 records: "
                + "1970-01-01T00:00:00Z to 2155-12-31T23:59:59Z"
        case .layout(let what):
            "NoCloud seed layout error (a virtfleet bug): \(what)"
        }
    }

    /// Keeps a message one line of plain text: control characters and anything past 80 characters
    /// are not echoed.
    private static func printable(_ text: String) -> String {
        let shown = text.unicodeScalars.prefix(80).map { scalar in
            scalar.properties.generalCategory == .control ? "?" : String(scalar)
        }
        return shown.joined() + (text.unicodeScalars.count > 80 ? "…" : "")
    }
}
