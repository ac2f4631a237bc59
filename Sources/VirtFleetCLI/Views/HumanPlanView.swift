import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetPlan

/// The plan for people: grouped by host, one symbol and one reason per guest, what changes
/// under updates and drift, totals at the end. Colour only when asked (a terminal without NO_COLOR).
struct HumanPlanView {
    var color: Bool
    /// Show guests with no change too.
    var verbose: Bool
    /// Under each host, every connection setting that is not the default (for saved plans, whose
    /// settings are applied as written).
    var showAccess = false

    init(color: Bool, verbose: Bool = false, showAccess: Bool = false) {
        self.color = color
        self.verbose = verbose
        self.showAccess = showAccess
    }

    func render(_ plan: Plan) -> String {
        var out = ""
        for host in plan.hosts {
            out += paint(Printable.text(host.host), .bold)
            if let error = host.unreachable {
                out += " " + paint("UNREACHABLE: \(Printable.text(error.message))", .red) + "\n"
                continue
            }
            let resources = host.hostResources.filter { verbose || $0.action != .noChange }
            let shown = host.entries.filter { verbose || $0.action != .noChange || $0.hasChange || $0.hasError }
            let unchanged = host.entries.count - shown.count + host.hostResources.count - resources.count
            out += unchanged > 0 && !verbose ? paint("  (\(unchanged) unchanged)", .dim) + "\n" : "\n"
            if showAccess, let access = host.access {
                for setting in Self.settings(access) { out += "    \(setting)\n" }
            }
            // Pools, networks and images come first, as apply makes them first.
            let labels = resources.map { Printable.column(ResourceWording.label($0), limit: 60) }
            let names = shown.map { Printable.column($0.guest) }
            let width = (labels + names).map(\.count).max() ?? 0
            for (resource, label) in zip(resources, labels) {
                out += "  " + resourceLine(resource, label: label, width: width)
                for change in ResourceWording.differences(resource) { out += paint("      \(Printable.text(change))", .dim) + "\n" }
            }
            for (entry, name) in zip(shown, names) {
                let symbol = PlanWording.symbol(entry.action)
                out += "  " + paint("\(symbol) \(name.padding(toLength: width, withPad: " ", startingAt: 0))", style(entry.action))
                out += "  \(entry.action.rawValue): \(Printable.text(PlanWording.reason(entry)))\n"
                for change in PlanWording.differences(entry) { out += paint("      \(Printable.text(change))", .dim) + "\n" }
                out += storage(entry)
            }
            if host.uploadBytes > 0 { out += "  " + PlanWording.uploads(host) + "\n" }
        }
        out += "\n" + summary(plan) + "\n"
        return out
    }

    /// A guest's volumes and seed, indented under it, then what its mark will say and what a deleted guest keeps.
    private func storage(_ entry: PlanEntry) -> String {
        let shown = entry.storage.filter { verbose || $0.action != .noChange }
        let labels = shown.map { Printable.column(ResourceWording.label($0), limit: 60) }
        let width = labels.map(\.count).max() ?? 0
        var out = ""
        for (resource, label) in zip(shown, labels) { out += "      " + resourceLine(resource, label: label, width: width) }
        for line in PlanWording.storageNotes(entry) { out += paint("      \(Printable.text(line))", .dim) + "\n" }
        return out
    }

    private func resourceLine(_ resource: any ResourcePlanEntry, label: String, width: Int) -> String {
        let symbol = ResourceWording.symbol(resource.action)
        return paint("\(symbol) \(label.padding(toLength: width, withPad: " ", startingAt: 0))", style(resource.action))
            + "  \(resource.action.rawValue): \(Printable.text(ResourceWording.reason(resource)))\n"
    }

    /// Connection settings that differ from the defaults, one `key: value` each.
    static func settings(_ access: HostAccess) -> [String] {
        let values: [(String, String?)] = [
            ("address", access.address), ("port", access.port.map(String.init)), ("user", access.user),
            ("identity_file", access.identityFile), ("known_hosts", access.knownHosts), ("ssh_config", access.sshConfig),
            ("proxy_jump", access.proxyJump),
            ("host_key_checking", access.hostKeyChecking == .strict ? nil : access.hostKeyChecking.rawValue),
            ("uri", access.uri == HostAccess(address: access.address).uri ? nil : access.uri), ("libvirt_proxy", access.libvirtProxy),
        ]
        return values.compactMap { key, value in value.map { "\(key): \(Printable.text($0))" } }
    }

    func summary(_ plan: Plan) -> String {
        let c = { plan.count($0) }
        var text =
            "Plan: \(c(.create)) to create, \(c(.update)) to update, \(c(.drift)) drifted, \(c(.delete)) to delete, "
            + "\(c(.start)) to start, \(c(.stop)) to stop"
        if c(.restart) > 0 { text += ", \(c(.restart)) awaiting restart (apply --restart)" }
        if c(.conflict) > 0 { text += ", " + paint("\(c(.conflict)) in conflict", .red) }
        let unreachable = plan.hosts.filter { $0.unreachable != nil }.count
        if unreachable > 0 { text += ", " + paint("\(unreachable) host\(unreachable == 1 ? "" : "s") unreachable", .red) }
        text += "."
        if let resources = PlanWording.resourceSummary(plan) {
            text += "\n" + resources.changes
            if resources.errors > 0 {
                text +=
                    (resources.changes.hasSuffix(":") ? " " : ", ")
                    + paint("\(resources.errors) in error or conflict", .red)
            }
            text += "."
        }
        if !plan.hasChanges, !plan.hasErrors {
            text =
                c(.restart) == 0
                ? "No changes. The fleet matches the inventory."
                : "No changes to definitions; \(c(.restart)) running guest\(c(.restart) == 1 ? "" : "s") await a restart (apply --restart)."
        }
        return text
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", magenta = "35"
    }

    private func style(_ action: ResourceAction) -> Style {
        switch action {
        case .create, .start, .upload, .grow: .green
        case .update, .replace, .stop: .yellow
        case .delete, .conflict, .error: .red
        case .noChange: .dim
        }
    }

    private func style(_ action: PlanEntry.Action) -> Style {
        switch action {
        case .create, .start: .green
        case .update, .stop, .restart: .yellow
        case .drift: .magenta
        case .delete, .conflict: .red
        case .noChange: .dim
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
