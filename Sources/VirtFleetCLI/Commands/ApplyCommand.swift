import ArgumentParser
import Foundation
import VirtFleetApply
import VirtFleetInventory
import VirtFleetHypervisor
import VirtFleetPlan

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the hosts match the inventory (or apply a saved plan exactly).",
        discussion: """
            Without a terminal, apply refuses unless --auto-approve is given or a saved plan is applied. \
            A saved plan is refused as stale when any host changed since it was made.
            """)

    @Argument(help: "A plan saved with 'virtfleet plan --out FILE'.")
    var planFile: String?

    @Option(name: [.customShort("i"), .customLong("inventory")], help: "Inventory file or folder; repeat to merge several.")
    var inventory: [String] = []

    @Option(help: "Only these hosts, groups or guests: comma-separated names or globs.")
    var limit: String?

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Skip the confirmation.")
    var autoApprove = false

    @Flag(help: "Reboot running guests whose definition changed (one at a time per host).")
    var restart = false

    @Option(help: "Seconds a graceful shutdown may take before the guest is destroyed.")
    var shutdownTimeout = 60

    func validate() throws {
        if planFile != nil, !inventory.isEmpty || limit != nil {
            throw ValidationError("A saved plan is applied as it is: leave out -i and --limit.")
        }
        if planFile == nil, inventory.isEmpty { throw ValidationError("Missing -i INVENTORY or a saved plan FILE.") }
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must not be negative.") }
    }

    func run() async throws {
        let plan: Plan
        do {
            if let planFile {
                plan = try PlanFile.read(planFile)
            } else {
                plan = try await PlanPipeline.run(inventoryPaths: inventory, limit: Limit(limit),
                                                  observer: connection.observer).plan
            }
        } catch {
            throw Failure.report(error)
        }
        let view = HumanPlanView(color: Terminal.useColor)
        Output.write(view.render(plan))
        guard plan.hasChanges || (restart && plan.count(.restart) > 0) else {
            if plan.hasErrors { throw ExitCode.failure }
            return
        }
        if planFile == nil, !autoApprove {
            guard Terminal.stdinIsTerminal else {
                Failure.printError("error: refusing to apply without confirmation: no terminal to ask on — "
                                   + "pass --auto-approve, or apply a saved plan (virtfleet plan --out FILE)")
                throw ExitCode.failure
            }
            guard Terminal.confirm("Apply these changes? Only 'yes' is accepted:") else {
                Output.line("Apply cancelled.")
                throw ExitCode.failure
            }
        }
        let hosts = plan.hosts.compactMap { $0.connection?.host(named: $0.host, from: planFile ?? "inventory") }
        let engine = ApplyEngine(
            connector: connection.connector,
            options: ApplyOptions(parallelism: connection.parallelism, restart: restart,
                                  shutdownTimeout: .seconds(shutdownTimeout), holder: Terminal.holder),
            progress: LineProgress(terminal: Terminal.stdoutIsTerminal))
        let report: ApplyReport
        do {
            report = try await engine.apply(plan, hosts: hosts)
        } catch {
            throw Failure.report(error)
        }
        Output.write(ApplySummary.render(report, plan: plan))
        if report.failed || plan.hasErrors { throw ExitCode.failure }
    }
}
