/// What apply did, per host: each action's outcome, or why the host was not touched.
public struct ApplyReport: Sendable, Hashable {
    public struct Outcome: Sendable, Hashable {
        public var guest: String
        public var action: String
        /// nil when it worked.
        public var error: String?
    }

    public struct HostResult: Sendable, Hashable {
        public var host: String
        /// Set when the host was not applied at all (unreachable, locked).
        public var error: String?
        public var outcomes: [Outcome]

        public var failed: Bool { error != nil || outcomes.contains { $0.error != nil } }
    }

    public var hosts: [HostResult]

    public var failed: Bool { hosts.contains(where: \.failed) }
    public var succeededCount: Int { hosts.flatMap(\.outcomes).filter { $0.error == nil }.count }
    public var failedCount: Int { hosts.flatMap(\.outcomes).filter { $0.error != nil }.count }
}

/// Why a saved (or just confirmed) plan was not applied.
public enum ApplyRefusal: Error, CustomStringConvertible {
    case stale(hosts: [String])

    public var description: String {
        switch self {
        case .stale(let hosts):
            "the plan is stale: \(hosts.joined(separator: ", ")) changed since it was made; nothing was applied — run plan again"
        }
    }
}
