import ArgumentParser

/// The `virtfleet` command: its subcommands, each a small struct that runs against a `CommandContext`.
public struct VirtFleet: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "virtfleet",
        abstract: "Declarative fleet provisioning for libvirt/KVM.",
        discussion: "Describe hypervisors and guests in YAML; virtfleet renders libvirt domain XML per host.",
        version: "0.1.0",
        subcommands: [ValidateCommand.self, RenderCommand.self, HostsCommand.self, InspectCommand.self,
                      PlanCommand.self, ApplyCommand.self, ShowCommand.self]
    )

    public init() {}
}
