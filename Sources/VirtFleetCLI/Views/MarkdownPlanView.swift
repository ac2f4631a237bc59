import Foundation
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
        // One bold paragraph per summary line (plan totals, then resources).
        out += HumanPlanView(color: false).summary(plan).split(separator: "\n").map { "**\(MarkdownText.text(String($0)))**\n" }
            .joined(separator: "\n")
        out += unreachable(plan)
        out += table(plan)
        out += quiet(plan)
        out += resources(plan)
        for action in PlanEntry.Action.allCases {
            out += group(action, plan)
        }
        return out
    }

    /// Reachable, and nothing but guests and resources with no change.
    private static func isQuiet(_ host: HostPlan) -> Bool {
        host.unreachable == nil && host.entries.allSatisfy { $0.action == .noChange && !$0.hasChange && !$0.hasError }
            && host.hostResources.allSatisfy { $0.action == .noChange }
    }

    /// The hosts' pools, networks and images that change or are in error (all with `verbose`),
    /// before the guests, as apply makes them first.
    private func resources(_ plan: Plan) -> String {
        let rows = plan.hosts.flatMap { host in
            host.hostResources.filter { verbose || $0.action != .noChange }.map { (host.host, $0) }
        }
        guard !rows.isEmpty else { return "" }
        var out = "\n### Pools, networks and images (\(rows.count))\n\n"
        var afterDetails = false
        for (host, resource) in rows {
            if afterDetails { out += "\n" }
            out +=
                "- \(MarkdownText.symbol(ResourceWording.symbol(resource.action))) **\(MarkdownText.text(ResourceWording.label(resource)))**"
            out += " on \(MarkdownText.text(host)): \(resource.action.rawValue): \(MarkdownText.text(ResourceWording.reason(resource)))\n"
            let changes = ResourceWording.differences(resource)
            out += details(changes)
            afterDetails = !changes.isEmpty
        }
        return out
    }

    /// A guest's volumes and seed (and notes on its mark), as nested items.
    private func storage(_ entry: PlanEntry) -> String {
        var out = ""
        for resource in entry.storage where verbose || resource.action != .noChange {
            out +=
                "  - \(MarkdownText.symbol(ResourceWording.symbol(resource.action))) \(MarkdownText.text(ResourceWording.label(resource)))"
            out += ": \(resource.action.rawValue): \(MarkdownText.text(ResourceWording.reason(resource)))\n"
        }
        for note in PlanWording.storageNotes(entry) { out += "  - \(MarkdownText.text(note))\n" }
        return out
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
        // A column for pools, networks, images, volumes and seeds that change or are in error,
        // only when the plan has any such entries.
        let withResources = !plan.resources.isEmpty
        var out = "\n| host | " + actions.map(\.rawValue).joined(separator: " | ") + (withResources ? " | resources" : "") + " |\n"
        out += "| :-- |" + String(repeating: " --: |", count: actions.count + (withResources ? 1 : 0)) + "\n"
        for host in hosts {
            var cells =
                host.unreachable == nil
                ? actions.map { action in String(host.entries.filter { $0.action == action }.count) }
                : actions.map { _ in "–" }
            if withResources {
                cells.append(host.unreachable == nil ? String(host.resources.filter { $0.action != .noChange }.count) : "–")
            }
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
        // Guests with no change to their domain are listed when something else of theirs changes.
        let entries = plan.entries.filter {
            $0.action == action && (action != .noChange || verbose || $0.hasChange || $0.hasError)
        }
        guard !entries.isEmpty else { return "" }
        var out = "\n### \(MarkdownText.text(PlanWording.symbol(action))) \(action.rawValue) (\(entries.count))\n\n"
        // An item after a <details> block starts after a blank line, which ends the HTML block.
        var afterDetails = false
        for entry in entries {
            if afterDetails { out += "\n" }
            out += "- **\(MarkdownText.text(entry.guest))** on \(MarkdownText.text(entry.host)): "
            out += MarkdownText.text(PlanWording.reason(entry)) + "\n"
            out += storage(entry)
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

    /// A plan symbol at the start of an item, escaped so `+`, `-` or `=` never start a nested
    /// list or a heading underline (CommonMark escapes any ASCII punctuation).
    static func symbol(_ symbol: String) -> String {
        symbol.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.punctuationCharacters.union(.symbols).contains($0) }
            ? "\\" + symbol : text(symbol)
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
