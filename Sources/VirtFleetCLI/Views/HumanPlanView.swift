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
            let shown = host.entries.filter { verbose || $0.action != .noChange }
            let unchanged = host.entries.count - shown.count
            out += unchanged > 0 && !verbose ? paint("  (\(unchanged) unchanged)", .dim) + "\n" : "\n"
            if showAccess, let access = host.access {
                for setting in Self.settings(access) { out += "    \(setting)\n" }
            }
            let names = shown.map { Printable.column($0.guest) }
            let width = names.map(\.count).max() ?? 0
            for (entry, name) in zip(shown, names) {
                let symbol = PlanWording.symbol(entry.action)
                out += "  " + paint("\(symbol) \(name.padding(toLength: width, withPad: " ", startingAt: 0))", style(entry.action))
                out += "  \(entry.action.rawValue): \(Printable.text(PlanWording.reason(entry)))\n"
                for change in PlanWording.differences(entry) { out += paint("      \(Printable.text(change))", .dim) + "\n" }
            }
        }
        out += "\n" + summary(plan) + "\n"
        return out
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
