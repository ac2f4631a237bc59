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
    /// the inventory asks for now (the same documents, deletes only of guests no longer present,
    /// the same pools, networks, images, volumes and seeds).
    static func verify(_ plan: Plan, against rendered: RenderPipeline.Result) throws {
        let inventory = rendered.inventory
        let guests = rendered.guests
        let resourcesByHost = Dictionary(rendered.hosts.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [Diagnostic] = []
        if plan.fleet != inventory.fleet {
            problems.append(Diagnostic("the saved plan is for fleet '\(plan.fleet)', the inventory declares '\(inventory.fleet)'", at: nil))
        }
        let renderedGuests = Dictionary(guests.map { ("\($0.host)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
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
            let resources = resourcesByHost[host.host] ?? DesiredHost(host: host.host)
            let images = Dictionary(resources.images.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for entry in host.entries {
                let guest = renderedGuests["\(host.host)/\(entry.guest)"]
                if let problem = mismatch(entry, guest, planner) ?? storageMismatch(entry, guest, images: images) {
                    problems.append(
                        Diagnostic(
                            "saved plan entry \(host.host)/\(entry.guest): \(problem)",
                            at: guest?.declaration, hint: "make the plan again from this inventory"))
                }
            }
            for (label, problem) in resourceMismatches(host, resources) {
                problems.append(
                    Diagnostic(
                        "saved plan entry \(host.host)/\(label): \(problem)", at: declared.location,
                        hint: "make the plan again from this inventory"))
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

    /// A guest's volumes and seed: created and grown only as the inventory declares them now.
    private static func storageMismatch(_ entry: PlanEntry, _ guest: DesiredGuest?, images: [String: DesiredImage]) -> String? {
        // What the mark will say decides what a later removal deletes.
        if entry.action != .delete, let guest, entry.deleteVolumes != guest.deleteVolumes {
            return "it records delete_volumes: \(entry.deleteVolumes ? "true" : "false") against the inventory"
        }
        for volume in entry.volumes {
            let declared = guest?.volumes.first { $0.pool == volume.pool && $0.name == volume.name }
            switch volume.change {
            case .create(let creation):
                // The whole creation: its document, and what a copy is made from and grown to.
                guard let declared, Planner.creation(of: declared, images: images) == creation else {
                    return "it creates volume \(volume.label), which the inventory does not declare so"
                }
            case .grow(_, let capacity):
                guard declared?.capacity == capacity else {
                    return "it grows volume \(volume.label) to a size the inventory does not declare"
                }
            default:
                continue
            }
        }
        if let seed = entry.seed, seed.action.isChange {
            guard let declared = guest?.seed, declared.hash == seed.hash, declared.xml == seed.xml,
                declared.pool == seed.pool, declared.volume == seed.volume
            else { return "its cloud-init seed is not the one the inventory renders now" }
        }
        return nil
    }

    /// Pools, networks and images: each one the plan makes or changes is declared so now.
    private static func resourceMismatches(_ host: HostPlan, _ declared: DesiredHost) -> [(String, String)] {
        var problems: [(String, String)] = []
        for pool in host.pools {
            let wanted = declared.pools.first { $0.name == pool.name }
            let problem: String? =
                switch pool.change {
                case .create(let creation):
                    wanted.map {
                        $0.xml == creation.xml && creation.start == ($0.state == .active) && creation.autostart == $0.autostart
                    } == true ? nil : "it creates a pool the inventory does not declare so"
                case .adjust(let adjustment): adjusts(adjustment, wanted?.state, wanted?.autostart)
                case .delete: wanted?.state == .absent ? nil : "it deletes a pool the inventory does not declare absent"
                default: nil
                }
            if let problem { problems.append(("pool \(pool.name)", problem)) }
        }
        for network in host.networks {
            let wanted = declared.networks.first { $0.name == network.name }
            let problem: String? =
                switch network.change {
                case .create(let creation):
                    wanted.map {
                        $0.xml == creation.xml && creation.start == ($0.state == .active) && creation.autostart == $0.autostart
                    } == true ? nil : "it creates a network the inventory does not declare so"
                case .update(let update): networkUpdateMismatch(update, wanted, observed: network.observed)
                case .adjust(let adjustment): adjusts(adjustment, wanted?.state, wanted?.autostart)
                case .delete: wanted?.state == .absent ? nil : "it deletes a network the inventory does not declare absent"
                default: nil
                }
            if let problem { problems.append(("network \(network.name)", problem)) }
        }
        for image in host.images {
            guard case .upload(let upload) = image.change else { continue }
            let wanted = declared.images.first { $0.name == image.name }
            let same = wanted.map {
                $0.pool == image.pool && $0.volume == image.volume && $0.xml == upload.xml && $0.localPath == upload.localPath
                    && $0.size == upload.size && $0.sha256 == upload.sha256 && $0.format == upload.format
            }
            if same != true { problems.append(("image \(image.name)", "it uploads an image the inventory does not declare so")) }
        }
        return problems
    }

    private static func adjusts(_ adjustment: ResourceAdjustment, _ state: ResourceState?, _ autostart: Bool?) -> String? {
        guard let state, state != .absent else { return "it changes something the inventory does not declare" }
        switch adjustment.power {
        case .start where state != .active, .stop where state != .defined:
            return "it starts or stops it against the inventory's state"
        default:
            break
        }
        if let wanted = adjustment.autostart, wanted != autostart { return "it sets autostart against the inventory" }
        return nil
    }

    private static func networkUpdateMismatch(_ update: NetworkUpdate, _ wanted: DesiredNetwork?, observed: ObservedResource?)
        -> String?
    {
        guard let wanted, wanted.state != .absent else { return "it changes a network the inventory does not declare" }
        if let xml = update.xml {
            guard let uuid = observed?.uuid, xml == Planner.networkDocument(wanted.xml, keepingUUID: uuid) else {
                return "its document differs from what the inventory renders now"
            }
        }
        for edit in update.dhcpEdits where edit.change == .add {
            guard wanted.dhcpHosts.contains(where: { $0.mac.lowercased() == edit.host.mac.lowercased() && $0.ip == edit.host.ip }) else {
                return "it adds a DHCP host the inventory does not declare"
            }
        }
        return nil
    }
}
