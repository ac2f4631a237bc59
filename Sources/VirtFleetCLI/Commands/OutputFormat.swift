import ArgumentParser
import VirtFleetPlan

/// The forms a command's output can take.
enum OutputFormat: String, CaseIterable, Sendable {
    /// For people at a terminal (the default).
    case text
    /// The documents of docs/json.md, for scripts.
    case json
    /// A comment-ready plan for a pull or merge request.
    case markdown
    /// A static Ansible inventory (`inventory`).
    case yaml
}

/// Which formats one command prints; the first is its default.
protocol OutputFormats {
    static var supported: [OutputFormat] { get }
}

/// `hosts` and `inspect`: text or JSON.
enum TextOrJSON: OutputFormats {
    static var supported: [OutputFormat] { [.text, .json] }
}

/// `plan` and `show`: text, JSON or a Markdown comment.
enum PlanFormats: OutputFormats {
    static var supported: [OutputFormat] { [.text, .json, .markdown] }
}

/// `--format FORMAT`, shared by every command that prints a document, with `--json` kept as an
/// alias of `--format json` (the flag clig.dev recommends and Terraform's `-json` mirrors). A format
/// the command does not print, or `--json` with another `--format`, is a usage error.
struct FormatOptions<Formats: OutputFormats>: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Output format: \(Self.names) (default: \(Formats.supported[0].rawValue)).", valueName: "format"),
        completion: .list(Formats.supported.map(\.rawValue)))
    var format: String?

    @Flag(help: "Print JSON (docs/json.md); the same as --format json.")
    var json = false

    /// "text, json or markdown": the formats this command prints.
    static var names: String {
        let words = Formats.supported.map(\.rawValue)
        guard let last = words.last, words.count > 1 else { return words.joined() }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }

    /// The format to print: `--format`, else `--json`, else the command's default (`validate()` has
    /// refused anything else).
    var chosen: OutputFormat { format.flatMap(OutputFormat.init(rawValue:)) ?? (json ? .json : Formats.supported[0]) }

    func validate() throws {
        guard let format else { return }
        guard let chosen = OutputFormat(rawValue: format) else {
            throw ValidationError("unknown format '\(format)': use \(Self.names).")
        }
        guard Formats.supported.contains(chosen) else {
            let note = chosen == .markdown ? " (markdown is for plans: plan and show)" : ""
            throw ValidationError("this command cannot print --format \(format): it prints \(Self.names)\(note).")
        }
        if json, chosen != .json {
            throw ValidationError("--json is the same as --format json; it cannot be combined with --format \(format).")
        }
    }
}

extension OutputFormat {
    /// A plan in this format (`plan` and `show`).
    func render(_ plan: Plan, color: Bool, verbose: Bool, showAccess: Bool = false) -> String {
        switch self {
        case .text: HumanPlanView(color: color, verbose: verbose, showAccess: showAccess).render(plan)
        case .json: JSONPlanView.render(plan)
        case .markdown: MarkdownPlanView(verbose: verbose).render(plan)
        case .yaml: JSONPlanView.render(plan)  // no command offers a YAML plan (`PlanFormats`)
        }
    }
}
