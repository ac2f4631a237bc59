import VirtFleetPlan

/// The words for a plan's values: one reason per entry and one line per difference, shared by
/// every plan view so that text, JSON and later formats say the same thing.
enum PlanWording {
    static func reason(_ entry: PlanEntry) -> String {
        let state = entry.observed?.state.rawValue ?? "unknown"
        switch entry.change {
        case .create(let creation):
            if let from = creation.movesFrom {
                return "moves from \(from): define here once its copy there is removed" + (creation.start ? ", then start" : "")
            }
            return creation.start ? "not defined: define, then start" : "not defined: define (left stopped)"
        case .redefine(let redefinition):
            var text =
                switch redefinition.cause {
                case .inventoryChanged: "definition changed in the inventory"
                case .notKeptLastTime: "libvirt did not keep the whole definition at the last apply: define it again"
                case .changedOutside: "changed outside virtfleet: re-assert the desired definition"
                case .notRecorded: "an earlier apply was interrupted before it recorded libvirt's read-back: define it again"
                case .secretDiffers:
                    "a secret differs from the inventory's (changed in the inventory or outside virtfleet): define it again"
                case .adopted: "adopted: define the inventory's document (the domain keeps its UUID)"
                }
            if redefinition.restartNeeded { text += "; restart needed (takes effect at next boot)" }
            switch redefinition.then {
            case .start: text += "; then start"
            case .stop: text += "; then stop"
            case .none: break
            }
            return text
        case .start:
            return "defined but \(state); declared running"
        case .stop:
            return "\(state) but declared stopped: graceful shutdown, then destroy after the timeout"
        case .delete(let cause):
            let why =
                switch cause {
                case .undeclared: "no longer declared"
                case .declaredAbsent: "declared absent"
                case .destroyed: "destroy"
                }
            // Only volumes the guest's mark records go, and only with delete_volumes.
            return entry.volumes.contains { $0.action == .delete }
                ? "\(why): stop, undefine, then delete the volumes virtfleet made for it (delete_volumes)"
                : "\(why): stop, then undefine (disk images are kept)"
        case .restart:
            return "running an older definition since an apply without --restart; apply --restart reboots it"
        case .conflict(let owner):
            let who =
                switch owner {
                case .unmanaged: "nobody (no virtfleet metadata)"
                case .fleet(let fleet): "fleet '\(fleet)'"
                }
            return "a domain named '\(entry.guest)' exists but is managed by \(who); left untouched"
        case .noChange(.upToDate):
            return "up to date (\(state))"
        case .noChange(.absentAndNotDefined):
            return "declared absent and not defined"
        case .noChange(.absentAndNotOurs):
            return "declared absent; the domain of that name is not managed by this fleet and is left alone"
        }
    }

    /// What changes, one line each (secrets masked).
    static func differences(_ entry: PlanEntry) -> [String] {
        guard case .redefine(let redefinition) = entry.change else { return [] }
        return redefinition.differences.map { difference in
            switch difference {
            case let .value(path, wanted, found): "\(path): wanted \(wanted), libvirt has \(found ?? "nothing")"
            case .secret: "a secret (VNC password) differs: (secret)"
            case .outsideInventory: "changed outside what the inventory sets (a default changed, or something was added)"
            }
        }
    }

    /// Lines under a guest about its mark: `delete_volumes` recorded anew, volumes a deleted guest keeps.
    static func storageNotes(_ entry: PlanEntry) -> [String] {
        var lines: [String] = []
        if entry.rewritesMark { lines.append("mark: record delete_volumes: \(entry.deleteVolumes ? "yes" : "no")") }
        if !entry.keptVolumes.isEmpty {
            lines.append(
                "volumes kept (delete_volumes is not set): " + entry.keptVolumes.map(\.description).joined(separator: ", "))
        }
        return lines
    }

    /// `upload: 512.0 MiB (images 512.0 MiB, seeds 368.0 KiB)` for a host.
    static func uploads(_ host: HostPlan) -> String {
        let images = host.imageBytes
        let seeds = host.uploadBytes - images
        var parts: [String] = []
        if images > 0 { parts.append("images \(ResourceWording.bytes(images))") }
        if seeds > 0 { parts.append("seeds \(ResourceWording.bytes(seeds))") }
        return "upload: \(ResourceWording.bytes(host.uploadBytes)) (\(parts.joined(separator: ", ")))"
    }

    /// `Resources: 1 pool to create, 2 volumes to create, 1 image to upload (512.0 MiB)` and the
    /// count of entries in error; nil when the plan has no resource entries at all.
    static func resourceSummary(_ plan: Plan) -> (changes: String, errors: Int)? {
        let resources = plan.resources
        guard !resources.isEmpty else { return nil }
        var parts: [String] = []
        for kind in ResourceKind.allCases {
            for action in ResourceAction.allCases where action.isChange {
                let count = plan.count(kind, action)
                guard count > 0 else { continue }
                let noun = count == 1 ? kind.rawValue : kind.rawValue + "s"
                let verb = action == .grow ? "to grow" : "to \(action.rawValue)"
                parts.append("\(count) \(noun) \(verb)")
            }
        }
        let errors = resources.filter { $0.action.isError }.count
        var text = "Resources:"
        text += parts.isEmpty ? (errors > 0 ? "" : " no changes") : " " + parts.joined(separator: ", ")
        if plan.uploadBytes > 0 { text += " (\(ResourceWording.bytes(plan.uploadBytes)) to upload)" }
        return (text, errors)
    }

    static func symbol(_ action: PlanEntry.Action) -> String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .drift: "±"
        case .delete: "-"
        case .start: ">"
        case .stop: "<"
        case .conflict: "!"
        case .restart: "*"
        case .noChange: "="
        }
    }
}
