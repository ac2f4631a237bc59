import VirtFleetDiagnostics
import VirtFleetExpansion
import VirtFleetInventory
import VirtFleetPlan

/// What a saved plan may decide by itself. A plan file is data that anyone able to write it can
/// edit, so settings that weaken host-key checking or run commands are taken from it only when
/// the operator repeats them on the command line (`--allow-setting HOST.KEY=VALUE`), and
/// `apply FILE -i INVENTORY` checks the whole plan against what the inventory says now.
enum SavedPlanTrust {
    /// One connection setting of one host, as the operator would repeat it.
    struct Setting: Hashable {
        var host: String
        var key: String
        var value: String
        /// Why it is not taken on the plan's word alone.
        var risk: String

        var flag: String { "\(host).\(key)=\(value)" }
    }

    /// The settings in `access` that weaken host-key checking or make virtfleet run a command.
    static func riskySettings(of access: HostAccess, host: String) -> [Setting] {
        var settings: [Setting] = []
        if access.hostKeyChecking == .acceptNew {
            settings.append(
                Setting(
                    host: host, key: "host_key_checking", value: "accept-new",
                    risk: "accepts and records a host key never seen before"))
        }
        if let proxy = access.libvirtProxy {
            settings.append(Setting(host: host, key: "libvirt_proxy", value: proxy, risk: "runs this command on the host"))
        }
        if let jump = access.proxyJump {
            settings.append(Setting(host: host, key: "proxy_jump", value: jump, risk: "runs ssh locally through these hops"))
        }
        if let config = access.sshConfig {
            settings.append(
                Setting(
                    host: host, key: "ssh_config", value: config,
                    risk: "reads SSH settings (including commands to run) from this file"))
        }
        if let knownHosts = access.knownHosts {
            settings.append(Setting(host: host, key: "known_hosts", value: knownHosts, risk: "trusts the host keys in this file"))
        }
        return settings
    }

    /// Refuses a saved plan whose risky settings were not repeated with `--allow-setting`.
    static func check(_ plan: Plan, allowed: [String]) throws {
        let allowed = Set(allowed)
        let refused = plan.hosts.flatMap { host in
            host.access.map { riskySettings(of: $0, host: host.host) } ?? []
        }.filter { !allowed.contains($0.flag) }
        guard !refused.isEmpty else { return }
        throw DiagnosticList(
            refused.map { setting in
                Diagnostic(
                    "the saved plan sets \(setting.host).\(setting.key) = '\(setting.value)', which \(setting.risk)",
                    at: nil, hint: "to accept it, repeat it: --allow-setting '\(setting.flag)' (or apply with -i INVENTORY)")
            })
    }

    /// `apply FILE -i INVENTORY`: every host reached as the inventory says, and every entry is what
    /// the inventory asks for now (the same documents, deletes only of guests no longer present).
    static func verify(_ plan: Plan, against inventory: Inventory, guests: [DesiredGuest]) throws {
        var problems: [Diagnostic] = []
        if plan.fleet != inventory.fleet {
            problems.append(Diagnostic("the saved plan is for fleet '\(plan.fleet)', the inventory declares '\(inventory.fleet)'", at: nil))
        }
        let rendered = Dictionary(guests.map { ("\($0.host)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        let planner = Planner(fleet: inventory.fleet)
        for host in plan.hosts {
            guard let declared = inventory.host(named: host.host) else {
                problems.append(Diagnostic("the saved plan reaches host '\(host.host)', which the inventory does not declare", at: nil))
                continue
            }
            if let access = host.access, access != declared.access {
                problems.append(
                    Diagnostic(
                        "the saved plan reaches host '\(host.host)' with other connection settings than the inventory",
                        at: declared.location))
            }
            for entry in host.entries {
                let guest = rendered["\(host.host)/\(entry.guest)"]
                if let problem = mismatch(entry, guest, planner) {
                    problems.append(
                        Diagnostic(
                            "saved plan entry \(host.host)/\(entry.guest): \(problem)",
                            at: guest?.declaration, hint: "make the plan again from this inventory"))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
    }

    private static func mismatch(_ entry: PlanEntry, _ guest: DesiredGuest?, _ planner: Planner) -> String? {
        if let definition = entry.definition {
            guard var guest, guest.state != .absent else { return "it defines a guest the inventory does not declare here" }
            if let observed = entry.observed { guest = Planner.keepingUUID(of: observed.uuid, guest) }
            return planner.definition(of: guest) == definition ? nil : "its document differs from what the inventory renders now"
        }
        switch entry.change {
        case .delete(.undeclared):
            return guest == nil ? nil : "it deletes a guest the inventory still declares"
        case .delete(.declaredAbsent):
            return guest?.state == .absent ? nil : "it deletes a guest the inventory does not declare absent"
        case .delete(.destroyed):
            return "it is a destroy plan, which no inventory renders: apply it without -i, pinned with --sha256"
        case .start, .restart:
            return guest?.state == .running ? nil : "it starts a guest the inventory does not declare running"
        case .stop:
            return guest?.state == .stopped ? nil : "it stops a guest the inventory does not declare stopped"
        default:
            return nil
        }
    }
}
