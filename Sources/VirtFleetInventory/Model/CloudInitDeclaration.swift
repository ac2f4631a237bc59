import VirtFleetDiagnostics

/// A `cloud_init:` block, on a guest or in a structured template, as written: values are still
/// uninterpolated nodes (expansion interpolates them per guest). A guest's block is merged over
/// its template's key by key (`merged(over:)`).
public struct CloudInitDeclaration: Sendable {
    /// One seed document in one of its three forms.
    public enum Document: Sendable {
        /// A mapping, written as YAML with each scalar interpolated on its own.
        case mapping(ConfigNode)
        /// A string, interpolated as text.
        case text(ConfigNode)
        /// `…_file: PATH`: a template file (absolute path), interpolated as text; `node` is the path as written.
        case file(path: String, node: ConfigNode)

        /// The node that declared it, for locating problems.
        public var node: ConfigNode {
            switch self {
            case .mapping(let node), .text(let node), .file(_, let node): node
            }
        }
    }

    /// Where the block was written.
    public var location: SourceLocation
    /// `pool:` (required once merged).
    public var pool: ConfigNode?
    /// `volume:` (default `{{ name }}-cidata.iso`).
    public var volume: ConfigNode?
    public var userData: Document?
    public var metaData: Document?
    public var networkConfig: Document?
    /// `cdrom: {target, bus}`, replaced whole.
    public var cdrom: ConfigNode?

    public init(
        location: SourceLocation, pool: ConfigNode? = nil, volume: ConfigNode? = nil, userData: Document? = nil,
        metaData: Document? = nil, networkConfig: Document? = nil, cdrom: ConfigNode? = nil
    ) {
        self.location = location
        self.pool = pool
        self.volume = volume
        self.userData = userData
        self.metaData = metaData
        self.networkConfig = networkConfig
        self.cdrom = cdrom
    }

    /// This block's keys over `base`'s, key by key (`user_data` and `user_data_file` count as one
    /// key, and so on); a document is replaced whole, never merged.
    public func merged(over base: CloudInitDeclaration?) -> CloudInitDeclaration {
        guard let base else { return self }
        return CloudInitDeclaration(
            location: location, pool: pool ?? base.pool, volume: volume ?? base.volume, userData: userData ?? base.userData,
            metaData: metaData ?? base.metaData, networkConfig: networkConfig ?? base.networkConfig, cdrom: cdrom ?? base.cdrom)
    }
}
