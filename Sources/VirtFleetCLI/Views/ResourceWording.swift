import VirtFleetHypervisor
import VirtFleetPlan

/// The words for the plan's pools, networks, images, volumes and seeds: one reason per entry and
/// one line per difference, shared by the text, JSON and Markdown views.
enum ResourceWording {
    /// What cloud-init does with a seed changed after the guest's first boot.
    static let firstBootNote = "cloud-init reads it only on first boot"

    static func symbol(_ action: ResourceAction) -> String {
        switch action {
        case .create: "+"
        case .update, .replace: "~"
        case .start: ">"
        case .stop: "<"
        case .upload, .grow: "^"
        case .delete: "-"
        case .conflict, .error: "!"
        case .noChange: "="
        }
    }

    /// `KIND NAME`, as the line and the progress show it.
    static func label(_ entry: any ResourcePlanEntry) -> String { "\(entry.kind.rawValue) \(entry.label)" }

    static func reason(_ entry: any ResourcePlanEntry) -> String {
        switch entry {
        case let pool as PoolEntry: reason(pool)
        case let network as NetworkEntry: reason(network)
        case let image as ImageEntry: reason(image)
        case let volume as VolumeEntry: reason(volume)
        case let seed as SeedEntry: reason(seed)
        default: entry.action.rawValue
        }
    }

    /// The change lines under an entry (a network's differences).
    static func differences(_ entry: any ResourcePlanEntry) -> [String] {
        guard let network = entry as? NetworkEntry, case .update(let update) = network.change else { return [] }
        return update.differences.map { difference in
            switch difference {
            case let .value(path, wanted, found): "\(path.isEmpty ? "network" : path): wanted \(wanted), libvirt has \(found ?? "nothing")"
            case let .extra(path, found): "\(path): libvirt has \(found), the inventory declares none"
            case .dhcpHostAdded(let host): "dhcp host added: \(host.mac) \(host.name) \(host.ip)"
            case .dhcpHostRemoved(let host): "dhcp host removed: \(host.mac) \(host.name) \(host.ip)"
            }
        }
    }

    // MARK: Pools and networks

    private static func created(_ creation: ResourceCreation) -> String {
        "not defined: define" + (creation.start ? ", start" : "") + (creation.autostart ? ", autostart on" : "")
    }

    private static func adjustment(_ adjustment: ResourceAdjustment, stopNote: String) -> String {
        var parts: [String] = []
        switch adjustment.power {
        case .start: parts.append("inactive, declared active: start")
        case .stop: parts.append("active, declared defined: stop" + stopNote)
        case .none: break
        }
        if let autostart = adjustment.autostart { parts.append("autostart \(autostart ? "on" : "off")") }
        return parts.joined(separator: "; ")
    }

    private static func quiet(_ quiet: ResourceQuiet, _ observed: ObservedResource?) -> String {
        switch quiet {
        case .upToDate: "up to date (\(observed?.active == true ? "active" : "inactive"))"
        case .absentAndNotDefined: "declared absent and not defined"
        }
    }

    static func reason(_ pool: PoolEntry) -> String {
        switch pool.change {
        case .create(let creation): created(creation)
        case .adjust(let change): adjustment(change, stopNote: " (its volumes stay)")
        case .delete: "declared absent and empty: stop, then undefine (its directory stays on disk)"
        case .notEmpty(let count):
            "declared absent but holds \(count) volume\(count == 1 ? "" : "s"): left as it is "
                + "(delete them by hand, or the guests whose volumes they are with delete_volumes, then plan again)"
        case .conflict(let conflict):
            "a pool named '\(pool.name)' exists with type \(conflict.foundType) and path \(conflict.foundPath ?? "none"), "
                + "the inventory declares \(conflict.wantedType) at \(conflict.wantedPath): never changed "
                + "(fix it by hand: virsh pool-dumpxml \(pool.name))"
        case .noChange(let why): quiet(why, pool.observed)
        }
    }

    static func reason(_ network: NetworkEntry) -> String {
        switch network.change {
        case .create(let creation): return created(creation)
        case .update(let update):
            var text: String
            switch update.mode {
            case .redefine: text = "definition differs: redefine"
            case .live: text = "static DHCP hosts differ: changed live, without a restart"
            case .restart: text = "definition differs: redefine, then restart it (no running guest uses it)"
            case .atNextStart:
                text =
                    "definition differs: redefine; takes effect when the network restarts "
                    + "(running guests use it: \(update.users.joined(separator: ", ")))"
            }
            let then = adjustment(update.then, stopNote: "")
            if !then.isEmpty { text += "; then " + then.replacingOccurrences(of: "inactive, declared active: ", with: "") }
            return text
        case .adjust(let change): return adjustment(change, stopNote: "")
        case .delete: return "declared absent and no running guest uses it: stop, then undefine"
        case .inUse(let inUse):
            let verb = inUse.wanted == .delete ? "absent" : "defined (stopped)"
            return "declared \(verb) but running guests use it (\(inUse.guests.joined(separator: ", "))): left as it is"
        case .noChange(let why): return quiet(why, network.observed)
        }
    }

    // MARK: Images, volumes, seeds

    static func reason(_ image: ImageEntry) -> String {
        let place = "\(image.pool)/\(image.volume)"
        switch image.change {
        case .upload(let upload): return "not on the host: upload \(bytes(upload.size)) into \(place)"
        case .differs(let difference):
            let found = "\(bytes(difference.foundSize))" + (difference.foundFormat.map { ", \($0)" } ?? "")
            return "the host's \(place) has \(found), the file has \(bytes(difference.wantedSize)), \(difference.wantedFormat): "
                + "never overwritten nor used (remove the host's copy by hand, or declare the image's sha256 "
                + "so its volume name changes)"
        case .noChange: return "on the host (\(place))"
        }
    }

    static func reason(_ volume: VolumeEntry) -> String {
        switch volume.change {
        case .create(let creation):
            let what =
                switch creation.source {
                case .empty: "empty \(creation.format)"
                case .overlay(let image, _): "\(creation.format) overlay on \(image)"
                case .clone(let image, _): "full copy of \(image) (\(creation.format))"
                }
            return "\(what), \(bytes(creation.capacity))"
        case .grow(let from, let to): return "\(bytes(from)) → \(bytes(to)) (the guest sees it after its next boot)"
        case .shrinkRefused(let from, let to, let location):
            return "declared \(bytes(to)) at \(location), the volume has \(bytes(from)): never shrunk"
        case .notOurs: return "exists and virtfleet did not create it: used as it is, never resized or deleted"
        case .recordedFor(let guest):
            return "recorded for guest '\(guest)': not used for this one (give one of them another volume name)"
        case .inUse(let domains):
            return "used by \(domains.count == 1 ? "domain" : "domains") \(domains.joined(separator: ", ")): left as it is"
        case .differs(let mismatch):
            let found = "format \(mismatch.foundFormat ?? "unknown")" + (mismatch.foundBacking.map { ", backing \($0)" } ?? "")
            let wanted = "format \(mismatch.wantedFormat)" + (mismatch.wantedBacking.map { ", backing \($0)" } ?? "")
            return "exists with \(found), the inventory declares \(wanted): never recreated (delete it by hand to make it anew)"
        case .delete: return "recorded in its mark and delete_volumes is set: delete"
        case .poolInactive:
            return
                "recorded in its mark and delete_volumes is set, but pool \(volume.pool) is not active: libvirt cannot delete it (declare the pool active for this run, or leave delete_volumes off to keep it)"
        case .noChange: return "up to date" + (volume.observed.map { " (\(bytes($0.capacity)))" } ?? "")
        }
    }

    static func reason(_ seed: SeedEntry) -> String {
        let note = seed.firstBootOnly ? "; \(firstBootNote)" : ""
        switch seed.change {
        case .create: return "upload \(bytes(seed.size))" + note
        case .replace: return "the cloud-init documents changed: upload \(bytes(seed.size)) again" + note
        case .notOurs(let guest):
            return "a volume of that name exists that virtfleet did not make for this guest"
                + (guest.map { " (recorded for '\($0)')" } ?? "") + ": never overwritten"
        case .noChange: return "up to date"
        }
    }

    /// Bytes in binary units, one decimal: `512.0 MiB`; below 1 KiB as `N bytes`.
    static func bytes(_ count: UInt64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        guard count >= 1024 else { return "\(count) byte\(count == 1 ? "" : "s")" }
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) \(units[unit])"
    }
}
