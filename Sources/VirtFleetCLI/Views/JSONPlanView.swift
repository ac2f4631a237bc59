import VirtFleetHypervisor
import VirtFleetPlan

/// The plan for machines: the documented, versioned schema of docs/json.md.
/// Desired XML is left out (it may hold secrets); everything else is there.
enum JSONPlanView {
    /// The version of this document's schema (not of the saved plan file).
    static let formatVersion = 1

    struct Document: Encodable {
        var formatVersion: Int
        var fleet: String
        var hasChanges: Bool
        var summary: [String: Int]
        /// Per resource kind, entries by action (every kind and action, zero included).
        var resourceSummary: [String: [String: Int]]
        /// Bytes of images and seeds uploaded, across hosts.
        var uploadBytes: UInt64
        var hosts: [Host]

        struct Host: Encodable {
            var host: String
            var reachable: Bool
            var error: String?
            var fingerprint: String?
            /// Pools, networks and images, in apply's order.
            var resources: [Resource]
            var uploadBytes: UInt64?
            var entries: [Entry]
        }

        struct Entry: Encodable {
            var guest: String
            var action: String
            var symbol: String
            var reason: String
            var desiredState: String
            var startAfterDefine: Bool
            var stopAfterDefine: Bool
            var restartNeeded: Bool
            var changes: [String]
            var movesFrom: String?
            var desiredHash: String?
            var observed: ObservedFingerprint?
            /// Anything changes for this guest: its domain, a volume, its seed or its mark.
            var hasChange: Bool
            var volumes: [Storage]
            var seed: Storage?
            var deleteVolumes: Bool
            var rewritesMark: Bool
            var keptVolumes: [String]
        }

        /// A pool, network or image of a host.
        struct Resource: Encodable {
            var kind: String
            var name: String
            var action: String
            var symbol: String
            var reason: String
            var changes: [String]
            var pool: String?
            var volume: String?
            var bytes: UInt64?
            var volumeCount: Int?
            var guests: [String]?
            var mode: String?
            var observed: ObservedResource?
        }

        /// A guest's volume or seed.
        struct Storage: Encodable {
            var kind: String
            var pool: String
            var name: String
            var action: String
            var symbol: String
            var reason: String
            var capacity: UInt64?
            var fromCapacity: UInt64?
            var source: String?
            var image: String?
            var location: String?
            var domains: [String]?
            var recordedFor: String?
            var hash: String?
            var instanceId: String?
            var bytes: UInt64?
            var firstBootOnly: Bool?
            var observed: ObservedVolumeFacts?
        }
    }

    static func render(_ plan: Plan) -> String {
        var summary: [String: Int] = [:]
        for action in PlanEntry.Action.allCases { summary[action.rawValue] = plan.count(action) }
        var resourceSummary: [String: [String: Int]] = [:]
        for kind in ResourceKind.allCases {
            var counts: [String: Int] = [:]
            for action in ResourceAction.allCases { counts[action.rawValue] = plan.count(kind, action) }
            resourceSummary[kind.rawValue] = counts
        }
        let document = Document(
            formatVersion: formatVersion, fleet: plan.fleet, hasChanges: plan.hasChanges, summary: summary,
            resourceSummary: resourceSummary, uploadBytes: plan.uploadBytes,
            hosts: plan.hosts.map { host in
                .init(
                    host: host.host, reachable: host.unreachable == nil, error: host.unreachable?.message,
                    fingerprint: host.fingerprint, resources: host.hostResources.map(resource),
                    uploadBytes: host.unreachable == nil ? host.uploadBytes : nil,
                    entries: host.entries.map(entry))
            })
        return JSONOutput.text(document)
    }

    private static func entry(_ e: PlanEntry) -> Document.Entry {
        .init(
            guest: e.guest, action: e.action.rawValue, symbol: PlanWording.symbol(e.action),
            reason: PlanWording.reason(e), desiredState: e.desiredState.rawValue,
            startAfterDefine: e.afterDefine == .start, stopAfterDefine: e.afterDefine == .stop,
            restartNeeded: e.restartNeeded, changes: PlanWording.differences(e),
            movesFrom: e.movesFrom, desiredHash: e.definition?.hash, observed: e.observed, hasChange: e.hasChange,
            volumes: e.volumes.map(volume), seed: e.seed.map(seed), deleteVolumes: e.deleteVolumes, rewritesMark: e.rewritesMark,
            keptVolumes: e.keptVolumes.map(\.description))
    }

    private static func resource(_ entry: any ResourcePlanEntry) -> Document.Resource {
        var resource = Document.Resource(
            kind: entry.kind.rawValue, name: entry.label, action: entry.action.rawValue, symbol: ResourceWording.symbol(entry.action),
            reason: ResourceWording.reason(entry), changes: ResourceWording.differences(entry))
        switch entry {
        case let pool as PoolEntry:
            resource.observed = pool.observed
            if case .notEmpty(let count) = pool.change { resource.volumeCount = count }
        case let network as NetworkEntry:
            resource.observed = network.observed
            switch network.change {
            case .update(let update):
                resource.mode = update.mode.rawValue
                if !update.users.isEmpty { resource.guests = update.users }
            case .inUse(let inUse): resource.guests = inUse.guests
            default: break
            }
        case let image as ImageEntry:
            resource.pool = image.pool
            resource.volume = image.volume
            if case .upload(let upload) = image.change { resource.bytes = upload.size }
        default:
            break
        }
        return resource
    }

    private static func volume(_ entry: VolumeEntry) -> Document.Storage {
        var storage = Document.Storage(
            kind: entry.kind.rawValue, pool: entry.pool, name: entry.name, action: entry.action.rawValue,
            symbol: ResourceWording.symbol(entry.action), reason: ResourceWording.reason(entry), observed: entry.observed)
        switch entry.change {
        case .create(let creation):
            storage.capacity = creation.capacity
            storage.image = creation.image
            storage.source =
                switch creation.source {
                case .empty: "empty"
                case .overlay: "overlay"
                case .clone: "clone"
                }
        case .grow(let from, let to):
            storage.capacity = to
            storage.fromCapacity = from
        case .shrinkRefused(let from, let to, let location):
            storage.capacity = to
            storage.fromCapacity = from
            storage.location = location.description
        case .inUse(let domains): storage.domains = domains
        case .recordedFor(let guest): storage.recordedFor = guest
        default: break
        }
        return storage
    }

    private static func seed(_ entry: SeedEntry) -> Document.Storage {
        var storage = Document.Storage(
            kind: entry.kind.rawValue, pool: entry.pool, name: entry.volume, action: entry.action.rawValue,
            symbol: ResourceWording.symbol(entry.action), reason: ResourceWording.reason(entry), hash: entry.hash,
            instanceId: entry.instanceID, bytes: entry.size, firstBootOnly: entry.firstBootOnly)
        if case .notOurs(let guest) = entry.change { storage.recordedFor = guest }
        return storage
    }
}
