import VirtFleetDiagnostics

/// One `guests:` entry: a template, how many, where, and in which state.
/// Expansion turns it into `count` concrete guests.
public struct GuestDeclaration: Sendable {
    public var location: SourceLocation
    /// The guest name, or a pattern such as `web-{{ index }}` when `count` is given.
    public var name: ConfigNode
    public var template: String
    public var templateLocation: SourceLocation
    /// nil for a single guest; otherwise how many to make (0 allowed: scale to none).
    public var count: Int?
    /// Where `count` was written, for the fleet-wide guest cap.
    public var countLocation: SourceLocation?
    /// The first `index` value (default 1).
    public var start: Int
    public var placement: Placement
    public var state: DesiredState
    public var uuid: ConfigNode?
    public var vars: [ConfigEntry]
    /// Structured-template keys set directly on the guest, merged over the template.
    public var overrides: ConfigNode?
    /// `cloud_init:` on the guest, merged key by key over the template's.
    public var cloudInit: CloudInitDeclaration?
    /// `delete_volumes: true`: deleting the guest also deletes the volumes virtfleet made for it.
    public var deleteVolumes = false

    public init(
        location: SourceLocation, name: ConfigNode, template: String, templateLocation: SourceLocation,
        count: Int? = nil, start: Int = 1, placement: Placement, state: DesiredState = .running,
        uuid: ConfigNode? = nil, vars: [ConfigEntry] = [], overrides: ConfigNode? = nil
    ) {
        self.location = location
        self.name = name
        self.template = template
        self.templateLocation = templateLocation
        self.count = count
        self.start = start
        self.placement = placement
        self.state = state
        self.uuid = uuid
        self.vars = vars
        self.overrides = overrides
    }
}

public enum Placement: Sendable, Equatable {
    case host(String, SourceLocation)
    case group(String, SourceLocation, Spread)
}

/// How a counted tier is spread over a group; both keep existing guests in place when `count` grows.
public enum Spread: String, CaseIterable, Sendable {
    /// Guest N goes to the group's hosts in name order, round and round: perfectly even.
    case roundRobin = "round-robin"
    /// Highest-random-weight hashing of the guest name: also stable when hosts join or leave.
    case hash
}

public enum DesiredState: String, CaseIterable, Sendable, Codable {
    case running
    case stopped
    case absent
}
