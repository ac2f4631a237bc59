import ArgumentParser

/// The `virtfleet` command: its subcommands, each a small struct that runs against a `CommandContext`.
public struct VirtFleet: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "virtfleet",
        abstract: "Declarative fleet provisioning for libvirt/KVM.",
        discussion: "Describe hypervisors and guests in YAML; virtfleet renders libvirt domain XML per host.",
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, RenderCommand.self, HostsCommand.self, InspectCommand.self,
            PlanCommand.self, ApplyCommand.self, DestroyCommand.self, AdoptCommand.self, ShowCommand.self,
            InventoryCommand.self,
        ]
    )

    public init() {}

    /// Parses `arguments`, runs the command against `context` and returns the exit code. The
    /// executable and the in-process tests both come through here: one path, the same behaviour.
    public static func run(arguments: [String], context: CommandContext) async -> Int32 {
        var parsed: any ParsableCommand
        do {
            parsed = try parseAsRoot(arguments)
        } catch {
            return report(argumentOutcome: error, context)  // usage errors, --help, --version
        }
        guard let command = parsed as? any ContextCommand else {
            // The root alone, or ArgumentParser's own `help`: both end in help ArgumentParser words.
            do {
                if var command = parsed as? any AsyncParsableCommand { try await command.run() } else { try parsed.run() }
                return 0
            } catch {
                return report(argumentOutcome: error, context)
            }
        }
        do {
            try await command.run(context)
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            for line in ProblemView.lines(for: error) { try? context.errors.line(line) }
            return ExitCode.failure.rawValue
        }
    }

    /// Help, version and usage errors, worded by ArgumentParser itself: help on standard output, the rest on standard error.
    private static func report(argumentOutcome error: any Error, _ context: CommandContext) -> Int32 {
        let code = exitCode(for: error)
        try? (code == .success ? context.output : context.errors).line(fullMessage(for: error))
        return code.rawValue
    }
}

/// A subcommand that does its work against a context (the real one, or a test's).
protocol ContextCommand: AsyncParsableCommand {
    func run(_ context: CommandContext) async throws
}

extension ContextCommand {
    func run() async throws {
        try await run(.standard())
    }
}
