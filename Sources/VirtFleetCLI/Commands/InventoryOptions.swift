import ArgumentParser
import VirtFleetApply
import VirtFleetHypervisor
import VirtFleetInventory
import VirtFleetRemote

/// Options every command that reads the inventory shares.
struct InventoryOptions: ParsableArguments {
    @Option(
        name: [.customShort("i"), .customLong("inventory")],
        help: "Inventory file or folder; repeat to merge several.")
    var inventory: [String] = []

    @Option(name: .long, help: "Only these hosts, groups or guests: comma-separated names or globs.")
    var limit: String?

    var selection: Limit? { Limit(limit) }

    /// For commands that cannot run without an inventory.
    func require() throws {
        if inventory.isEmpty { throw ValidationError("Missing -i INVENTORY (a YAML file or a folder of them).") }
    }
}

/// Options for commands that reach the hypervisors.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "How many hosts to reach at once.")
    var parallelism = 10

    @Option(help: "Seconds to wait for each host's SSH connection: TCP connect, key exchange, each authentication step.")
    var connectTimeout = 10

    @Option(
        help:
            "Seconds to wait for each step after connecting: an SSH channel, each libvirt call (the opening handshake too), the apply lock."
    )
    var timeout = 30

    @Flag(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Print how long each phase took per host on standard error (plan: also list guests with no change).",
            discussion: "Phases: SSH handshake, SSH login, proxy start, libvirt open, observe, and each apply step."))
    var verbose = false

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1.") }
        guard connectTimeout >= 1 else { throw ValidationError("--connect-timeout must be at least 1 second.") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second.") }
    }

    var settings: ConnectionSettings {
        ConnectionSettings(connectTimeout: .seconds(connectTimeout), callTimeout: .seconds(timeout))
    }
}

/// What `hosts` and `inspect` take: which hosts, how to reach them, and the output form.
struct ObservationOptions: ParsableArguments {
    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var connection: ConnectionOptions

    @OptionGroup var output: FormatOptions<TextOrJSON>

    var json: Bool { output.chosen == .json }
}

extension CommandContext {
    func connector(_ options: ConnectionOptions) -> any HypervisorConnector {
        var settings = options.settings
        settings.logger = phaseLogger(verbose: options.verbose)
        return connector(settings)
    }

    /// Apply's progress on the terminal or as lines, with each step's time with `--verbose`.
    func progress(_ options: ConnectionOptions) -> (LineProgress, any ApplyProgress) {
        let lines = LineProgress(output: output, terminal: terminal.stdoutIsTerminal, now: now)
        guard let logger = phaseLogger(verbose: options.verbose) else { return (lines, lines) }
        return (lines, TimedProgress(lines, logger: logger))
    }

    func observer(_ options: ConnectionOptions) -> Observer {
        Observer(connector: connector(options), parallelism: options.parallelism)
    }
}
