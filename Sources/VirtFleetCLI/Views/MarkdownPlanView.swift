import VirtFleetPlan

/// The plan as a pull- or merge-request comment (GitHub and GitLab Markdown): a marker line a bot
/// finds to update its comment, the totals, one table row per host with something to do,
/// unreachable hosts called out, quiet hosts on one line, then the entries grouped by action with
/// each entry's changes in a collapsed `<details>` block.
///
/// The words are the text view's (`PlanWording`, `HumanPlanView.summary`); every value from the
/// plan goes through `MarkdownText`, so no name, path, value or message can break the layout or
/// add HTML. Secrets are masked as in the other views: they never reach `PlanWording`'s lines.
struct MarkdownPlanView {
    /// Also list guests with no change.
    var verbose = false

    init(verbose: Bool = false) {
        self.verbose = verbose
    }

    /// The comment's first line. It names the fleet, so one bot can keep one comment per fleet.
    static func marker(fleet: String) -> String {
        "<!-- virtfleet-plan fleet=\(MarkdownText.markerValue(fleet)) -->"
    }

    func render(_ plan: Plan) -> String {
        var out = Self.marker(fleet: plan.fleet) + "\n"
        out += "## virtfleet plan: \(MarkdownText.text(plan.fleet))\n\n"
        out += "**\(MarkdownText.text(HumanPlanView(color: false).summary(plan)))**\n"
        out += unreachable(plan)
        out += table(plan)
        out += quiet(plan)
        for action in PlanEntry.Action.allCases where action != .noChange || verbose {
            out += group(action, plan)
        }
        return out
    }

    /// Reachable, and nothing but guests with no change.
    private static func isQuiet(_ host: HostPlan) -> Bool {
        host.unreachable == nil && host.entries.allSatisfy { $0.action == .noChange }
    }

    private func unreachable(_ plan: Plan) -> String {
        let hosts = plan.hosts.filter { $0.unreachable != nil }
        guard !hosts.isEmpty else { return "" }
        var out = "\n> **\(hosts.count == 1 ? "1 host" : "\(hosts.count) hosts") unreachable:** nothing was planned there.\n>\n"
        for host in hosts {
            out += "> - **\(MarkdownText.text(host.host))**: \(MarkdownText.line(host.unreachable?.message ?? ""))\n"
        }
        return out
    }

    /// One row per host that is unreachable or has anything but no-change entries.
    private func table(_ plan: Plan) -> String {
        let hosts = plan.hosts.filter { !Self.isQuiet($0) }
        guard !hosts.isEmpty else { return "" }
        let actions = PlanEntry.Action.allCases
        var out = "\n| host | " + actions.map(\.rawValue).joined(separator: " | ") + " |\n"
        out += "| :-- |" + String(repeating: " --: |", count: actions.count) + "\n"
        for host in hosts {
            let cells =
                host.unreachable == nil
                ? actions.map { action in String(host.entries.filter { $0.action == action }.count) }
                : actions.map { _ in "–" }
            let name = MarkdownText.text(host.host) + (host.unreachable == nil ? "" : " (unreachable)")
            out += "| \(name) | " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Hosts with no change, collapsed into one line.
    private func quiet(_ plan: Plan) -> String {
        let hosts = plan.hosts.filter(Self.isQuiet)
        guard !hosts.isEmpty else { return "" }
        let names = hosts.map { host in
            MarkdownText.text(host.host) + (host.entries.isEmpty ? " (no guests)" : " (\(host.entries.count) unchanged)")
        }
        return "\nNo changes on \(hosts.count == 1 ? "1 host" : "\(hosts.count) hosts"): \(names.joined(separator: ", ")).\n"
    }

    private func group(_ action: PlanEntry.Action, _ plan: Plan) -> String {
        let entries = plan.entries.filter { $0.action == action }
        guard !entries.isEmpty else { return "" }
        var out = "\n### \(MarkdownText.text(PlanWording.symbol(action))) \(action.rawValue) (\(entries.count))\n\n"
        // An item after a <details> block starts after a blank line, which ends the HTML block.
        var afterDetails = false
        for entry in entries {
            if afterDetails { out += "\n" }
            out += "- **\(MarkdownText.text(entry.guest))** on \(MarkdownText.text(entry.host)): "
            out += MarkdownText.text(PlanWording.reason(entry)) + "\n"
            let changes = PlanWording.differences(entry)
            out += details(changes)
            afterDetails = !changes.isEmpty
        }
        return out
    }

    /// The change lines of one entry, collapsed, in a code block that no line can close early.
    private func details(_ changes: [String]) -> String {
        guard !changes.isEmpty else { return "" }
        let lines = changes.map(Printable.text)
        let fence = String(repeating: "`", count: max(3, lines.map(MarkdownText.longestBacktickRun).max().map { $0 + 1 } ?? 3))
        var out = "\n  <details><summary>\(changes.count == 1 ? "1 change" : "\(changes.count) changes")</summary>\n\n"
        out += "  \(fence)text\n"
        for line in lines { out += "  \(line)\n" }
        out += "  \(fence)\n\n  </details>\n"
        return out
    }
}

/// Values from a plan made safe for Markdown: control characters as `Printable` shows them, then
/// every character Markdown or HTML would act on backslash-escaped (CommonMark escapes any ASCII
/// punctuation; GitHub and GitLab tables take `\|` as a literal bar).
enum MarkdownText {
    /// `*` `_` emphasis, `` ` `` code, `[` `]` links, `<` `>` HTML and quotes, `|` table cells,
    /// `~` strike-through, `$` maths, `&` entities, `\` itself.
    private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "$", "&"]

    /// A name or a phrase, with control characters and line breaks shown as `\u{…}`.
    static func text(_ value: String) -> String {
        escape(Printable.text(value))
    }

    /// A message, with line breaks folded into " | " as the other views do.
    static func line(_ value: String) -> String {
        escape(Printable.line(value))
    }

    private static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value {
            if special.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// For the marker comment: letters, digits, `.`, `_` and `-` as they are (every valid fleet
    /// name), anything else percent-encoded, so the comment cannot be closed early.
    static func markerValue(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func longestBacktickRun(_ line: String) -> Int {
        var longest = 0
        var run = 0
        for character in line {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
