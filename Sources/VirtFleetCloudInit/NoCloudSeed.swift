/// A cloud-init NoCloud seed: the documents cloud-init reads on a guest's first boot, and the
/// bytes of the `cidata` ISO 9660 image that carries them to the guest as a read-only cdrom.
///
/// cloud-init finds the image by its volume label (`cidata`), mounts it and reads `user-data`,
/// `meta-data` and, when present, `network-config`. The image has those names twice, through Rock
/// Ridge (what Linux mounts by default) and Joliet, as `genisoimage -J -r -V cidata` writes them,
/// which is what cloud-init's documentation recommends.
///
/// The image depends on nothing but the documents and `timestamp`: the same seed always gives the
/// same bytes, so a hash over them is stable across runs and machines. Documents are bytes and
/// are written as given (user-data may be gzip or MIME multipart, not only YAML); each is at most
/// `maximumDocumentBytes`.
public struct NoCloudSeed: Hashable, Sendable {
    /// The volume label cloud-init's NoCloud data source looks for.
    public static let volumeIdentifier = "cidata"

    /// The largest document, in bytes: 1 MiB. cloud-init's own clouds allow far less user-data
    /// (16 KiB on EC2, 64 KiB on OpenStack); this leaves room for `write_files` payloads while
    /// keeping every seed, and what apply uploads per guest, small and bounded.
    public static let maximumDocumentBytes = 1_048_576

    /// The largest image: all three documents at the limit: 3,506,176 bytes.
    public static let maximumImageBytes =
        (ISO9660Image.blockCount(fileSizes: Document.allCases.map { _ in maximumDocumentBytes }) ?? 0) * ISO9660Image.blockSize

    /// The files on a seed, by the names cloud-init reads.
    public enum Document: String, CaseIterable, Sendable {
        case userData = "user-data"
        case metaData = "meta-data"
        case networkConfig = "network-config"

        /// The ISO 9660 level 1 name under the Rock Ridge and Joliet names: the 8.3 form
        /// genisoimage gives the same file.
        var isoIdentifier: String {
            switch self {
            case .userData: "USER_DAT.;1"
            case .metaData: "META_DAT.;1"
            case .networkConfig: "NETWORK_.;1"
            }
        }
    }

    public let userData: [UInt8]
    public let metaData: [UInt8]
    /// Written only when given; cloud-init then applies it instead of its fallback network config.
    public let networkConfig: [UInt8]?
    /// The one time every field of the image records.
    public let timestamp: SeedTimestamp

    /// Refuses a document over `maximumDocumentBytes` (the first such one, in the order
    /// user-data, meta-data, network-config).
    public init(userData: [UInt8], metaData: [UInt8], networkConfig: [UInt8]? = nil, timestamp: SeedTimestamp = .unixEpoch)
        throws(NoCloudSeedError)
    {
        for (document, bytes) in [(Document.userData, userData), (.metaData, metaData), (.networkConfig, networkConfig ?? [])]
        where bytes.count > Self.maximumDocumentBytes {
            throw .documentTooLarge(document: document.rawValue, bytes: bytes.count, limit: Self.maximumDocumentBytes)
        }
        self.userData = userData
        self.metaData = metaData
        self.networkConfig = networkConfig
        self.timestamp = timestamp
    }

    /// The documents as UTF-8 text, byte for byte (no newline added or normalised).
    public init(userData: String, metaData: String, networkConfig: String? = nil, timestamp: SeedTimestamp = .unixEpoch)
        throws(NoCloudSeedError)
    {
        try self.init(
            userData: Array(userData.utf8), metaData: Array(metaData.utf8), networkConfig: networkConfig.map { Array($0.utf8) },
            timestamp: timestamp)
    }

    /// The documents on the seed, in the order their data is laid out.
    public var documents: [(Document, [UInt8])] {
        [(.userData, userData), (.metaData, metaData)] + (networkConfig.map { [(.networkConfig, $0)] } ?? [])
    }

    /// The seed image: ISO 9660 with Rock Ridge and Joliet, volume `cidata`, 2048-byte blocks, at
    /// most `maximumImageBytes`. Throws only `NoCloudSeedError.layout`, a writer bug.
    public func image() throws(NoCloudSeedError) -> [UInt8] {
        try ISO9660Image(
            volumeIdentifier: Self.volumeIdentifier, applicationIdentifier: "VIRTFLEET NOCLOUD SEED",
            files: documents.map { ISO9660Image.File(identifier: $0.0.isoIdentifier, name: $0.0.rawValue, contents: $0.1) },
            timestamp: timestamp
        ).bytes()
    }
}
