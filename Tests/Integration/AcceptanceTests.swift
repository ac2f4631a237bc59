import Foundation
import Testing
import VirtFleetTestSupport

/// Issue 4's acceptance, end to end: the real `virtfleet` against the testbed's real sshd and
/// libvirt daemons, checked with libvirt's own `virsh`. Serialized: applies share the hosts' locks.
@Suite(.serialized, .tags(.testbed, .root), .changesTestbedHosts) struct AcceptanceTestbedTests {
    @Test func theExampleFleetAppliesFromNothingAndThenPlansNoChanges() throws {
        // From nothing: remove whatever an earlier run of the example left.
        let example = ["-i", "inventories/testbed", "-i", Testbed.hostsFile]
        for host in Testbed.hostNames {
            for name in try Testbed.domains(on: host) where name.hasPrefix("tiny-") || name == "showcase" {
                _ = try Testbed.virsh(host, ["destroy", name])  // fails for a guest that is not running
                try Testbed.virsh(host, ["undefine", name]).checked()
            }
        }
        let apply = try Testbed.virtfleet(["apply"] + example + ["--auto-approve"])
        #expect(apply.status == 0, "\(apply.output)\n\(apply.errors)")
        #expect(apply.output.contains("Plan: 7 to create"))
        let plan = try Testbed.virtfleet(["plan"] + example + ["--detailed-exitcode"])
        #expect(plan.status == 0, "perpetual diff:\n\(plan.output)\n\(plan.errors)")
        #expect(plan.output.contains("No changes."))
        // What was defined must survive the hypervisor restarting (libvirt drops configs it cannot load).
        try ProcessRunner.run("/usr/bin/pkill", ["-u", "hv1", "-x", "libvirtd"]).checked()
        try ProcessRunner.run(Repository.root.appendingPathComponent("scripts/testbed").path, ["up"]).checked()
        let afterRestart = try Testbed.virtfleet(["plan"] + example + ["--detailed-exitcode"])
        #expect(afterRestart.status == 0, "lost across a libvirtd restart:\n\(afterRestart.output)")
        // The showcase guest is defined with every element QEMU accepts; its read-back keeps them.
        let showcase = try Testbed.virsh("hv1", ["dumpxml", "--inactive", "--security-info", "showcase"]).output
        for fragment in [
            "<clock offset='localtime'/>", "<protocol type='telnet'/>", "<vendor id='0x1234'/>",
            "<product id='0xc077'/>", "<address bus='1' device='5'/>", "<boot dev='fd'/>",
            "<target dev='tap-nat7'/>", "<source mode='bind' host='127.0.0.1' service='2448'/>",
            "<graphics type='sdl' display=':0.0' xauth='/root/.Xauthority' fullscreen='yes'/>",
            "passwd='s3c&amp;&lt;pw&gt;'", "<on_crash>preserve</on_crash>", "type='mcast'",
        ] {
            #expect(showcase.contains(fragment), "read-back lacks \(fragment)")
        }
        #expect(try Testbed.virsh("hv2", ["domstate", "tiny-02"]).output.contains("running"))
    }

    @Test func changingATemplateVariableUpdatesExactlyTheGuestsUsingIt() throws {
        let fleet = try ScratchFleet("var")
        defer { fleet.cleanUp() }
        func declare(_ memory: String) throws {
            try fleet.declare(
                """
                  - { name: "\(fleet.name("a"))-{{ index }}", template: small, count: 3, group: testbed, state: stopped, vars: { mem: \(memory) } }
                  - { name: "\(fleet.name("b"))", template: small, host: hv1, state: stopped }
                """)
        }
        try declare("64MiB")
        #expect(try fleet.apply().status == 0)
        #expect(try fleet.plan(["--detailed-exitcode"]).status == 0)
        try declare("96MiB")
        let planned = try fleet.planned()
        #expect(planned.filter { $0.value == "update" }.keys.sorted() == (1...3).map { fleet.name("a") + "-\($0)" })
        #expect(planned[fleet.name("b")] == "no-change")
        #expect(try fleet.plan(["--detailed-exitcode"]).status == 2)
        #expect(try fleet.apply().status == 0)
        #expect(try Testbed.virsh("hv2", ["dumpxml", "--inactive", fleet.name("a") + "-2"]).output.contains("98304"))
        #expect(try fleet.plan(["--detailed-exitcode"]).status == 0)
    }

    @Test func aChangeMadeWithVirshIsDriftForThatGuestOnly() throws {
        let fleet = try ScratchFleet("drift")
        defer { fleet.cleanUp() }
        try fleet.declare(
            """
              - { name: "\(fleet.name("d"))-{{ index }}", template: small, count: 2, host: hv3, state: stopped }
            """)
        #expect(try fleet.apply().status == 0)
        let victim = fleet.name("d") + "-1"
        let meddle = try Testbed.virsh("hv3", ["setmaxmem", victim, "131072", "--config"])
        #expect(meddle.status == 0, "\(meddle.errors)")
        let plan = try fleet.plan()
        #expect(plan.output.contains("± \(victim)"), "\(plan.output)")
        #expect(plan.output.contains("memory"), "the drift shows what changed:\n\(plan.output)")
        let planned = try fleet.planned()
        #expect(planned[victim] == "drift")
        #expect(planned[fleet.name("d") + "-2"] == "no-change")
        #expect(try fleet.apply().status == 0)
        #expect(try fleet.plan(["--detailed-exitcode"]).status == 0)
        #expect(try Testbed.virsh("hv3", ["dumpxml", "--inactive", victim]).output.contains("<memory unit='KiB'>65536</memory>"))
    }

    @Test func loweringCountDeletesExactlyTheRemovedGuests() throws {
        let fleet = try ScratchFleet("count")
        defer { fleet.cleanUp() }
        func declare(_ count: Int) throws {
            try fleet.declare(
                """
                  - { name: "\(fleet.name("c"))-{{ index }}", template: small, count: \(count), group: testbed, state: stopped }
                """)
        }
        try declare(5)
        #expect(try fleet.apply().status == 0)
        try declare(2)
        let planned = try fleet.planned()
        #expect(planned.filter { $0.value == "delete" }.keys.sorted() == (3...5).map { fleet.name("c") + "-\($0)" })
        #expect(planned.filter { $0.value == "no-change" }.count == 2)
        #expect(try fleet.apply().status == 0)
        let remaining = try Testbed.hostNames.flatMap { try Testbed.domains(on: $0) }.filter { $0.hasPrefix(fleet.name("c")) }
        #expect(remaining.sorted() == [fleet.name("c") + "-1", fleet.name("c") + "-2"])
    }

    @Test func anUnmanagedDomainWithAFleetGuestsNameIsAConflictAndUntouched() throws {
        let fleet = try ScratchFleet("conflict")
        let name = fleet.name("taken")
        defer {
            fleet.cleanUp()
            _ = try? Testbed.virsh("hv2", ["undefine", name])
        }
        let file = fleet.folder.appendingPathComponent("unmanaged.xml")
        try Data(
            """
            <domain type='qemu'><name>\(name)</name><memory unit='KiB'>32768</memory><vcpu>1</vcpu>
            <os><type arch='x86_64'>hvm</type></os></domain>
            """.utf8
        ).write(to: file)
        #expect(try Testbed.virsh("hv2", ["define", file.path]).status == 0)
        let before = try Testbed.virsh("hv2", ["dumpxml", "--inactive", name]).output
        try fleet.declare("  - { name: \(name), template: small, host: hv2, state: running }\n")
        let plan = try fleet.plan()
        #expect(plan.status == 1)
        #expect(plan.output.contains("! \(name)") && plan.output.contains("left untouched"), "\(plan.output)")
        let apply = try fleet.apply()
        #expect(apply.status == 1)
        #expect(try Testbed.virsh("hv2", ["dumpxml", "--inactive", name]).output == before)
        #expect(try Testbed.virsh("hv2", ["domstate", name]).output.contains("shut off"))
    }

    @Test func aHostLostMidApplyDoesNotStopTheOthersAndARerunConverges() throws {
        let fleet = try ScratchFleet("cut")
        defer { fleet.cleanUp() }
        // hv2 gets more guests than apply works on at once there (4), so work is left when it is cut.
        try fleet.declare(
            """
              - { name: "\(fleet.name("k"))-{{ index }}", template: small, count: 9, group: testbed, state: running }
              - { name: "\(fleet.name("m"))-{{ index }}", template: small, count: 6, host: hv2, state: running }
            """)
        let cut = CutOnce()
        let apply = try fleet.apply { line in
            // The first finished action on hv2: kill hv2's libvirt proxy, dropping its connection.
            if line.contains(" hv2 "), cut.first() {
                _ = try? ProcessRunner.run("/usr/bin/pkill", ["-KILL", "-u", "hv2", "-f", "virt-ssh-helper"])
            }
        }
        #expect(apply.status == 1, "\(apply.output)")
        #expect(apply.output.contains("hv1: 3 done, 0 failed"), "\(apply.output)")
        #expect(apply.output.contains("hv3: 3 done, 0 failed"), "\(apply.output)")
        let hv2 = stepCounts(apply.output, host: "hv2")
        #expect(hv2.map { $0.done >= 1 && $0.failed >= 1 } == true, "\(apply.output)")
        let rerun = try fleet.apply()
        #expect(rerun.status == 0, "\(rerun.output + rerun.errors)")
        #expect(try fleet.plan(["--detailed-exitcode"]).status == 0)
    }

    @Test func aStaleSavedPlanIsRefused() throws {
        let fleet = try ScratchFleet("stale")
        let intruder = fleet.name("intruder")
        defer {
            fleet.cleanUp()
            _ = try? Testbed.virsh("hv1", ["undefine", intruder])
        }
        try fleet.declare("  - { name: \(fleet.name("s")), template: small, host: hv1, state: stopped }\n")
        let planFile = fleet.folder.appendingPathComponent("saved.plan").path
        #expect(try fleet.plan(["--out", planFile]).status == 0)
        let file = fleet.folder.appendingPathComponent("intruder.xml")
        try Data("<domain type='qemu'><name>\(intruder)</name><memory>32768</memory><os><type>hvm</type></os></domain>".utf8)
            .write(to: file)
        #expect(try Testbed.virsh("hv1", ["define", file.path]).status == 0)
        let apply = try Testbed.virtfleet(["apply", planFile] + fleet.inventory)
        #expect(apply.status == 1)
        #expect(apply.errors.contains("stale"), "\(apply.errors)")
        #expect(try !Testbed.domains(on: "hv1").contains(fleet.name("s")), "nothing may be applied from a stale plan")
        // A fresh plan saved and applied as it is works, checked against the inventory.
        #expect(try fleet.plan(["--out", planFile]).status == 0)
        // Without the inventory, a plan's known_hosts path is not taken on the file's word.
        let unchecked = try Testbed.virtfleet(["apply", planFile])
        #expect(unchecked.status == 1)
        #expect(unchecked.errors.contains("--allow-setting 'hv1.known_hosts="), "\(unchecked.errors)")
        #expect(try !Testbed.domains(on: "hv1").contains(fleet.name("s")))
        #expect(try Testbed.virtfleet(["apply", planFile] + fleet.inventory).status == 0)
        #expect(try Testbed.domains(on: "hv1").contains(fleet.name("s")))
    }

    @Test func aPendingRestartIsShownUntilTheGuestRunsItsNewDefinition() throws {
        let fleet = try ScratchFleet("restart")
        defer { fleet.cleanUp() }
        let name = fleet.name("r")
        func declare(_ memory: String) throws {
            try fleet.declare("  - { name: \(name), template: small, host: hv1, state: running, vars: { mem: \(memory) } }\n")
        }
        try declare("64MiB")
        #expect(try fleet.apply().status == 0)
        try declare("80MiB")
        let update = try fleet.plan()
        #expect(update.output.contains("restart needed"), "\(update.output)")
        #expect(try fleet.apply().status == 0)
        #expect(try fleet.planned()[name] == "restart")
        #expect(try fleet.plan(["--detailed-exitcode"]).status == 0, "a pending restart is not a change")
        // Restarted outside virtfleet: it now runs the new definition, and the plan knows.
        try Testbed.virsh("hv1", ["destroy", name]).checked()
        try Testbed.virsh("hv1", ["start", name]).checked()
        #expect(try fleet.planned()[name] == "no-change")
        // And apply --restart reboots a guest that still runs an old definition.
        try declare("96MiB")
        #expect(try fleet.apply().status == 0)
        #expect(try fleet.planned()[name] == "restart")
        let restart = try fleet.apply(["--restart"])
        #expect(restart.status == 0)
        #expect(restart.output.contains("restart ok"), "\(restart.output)")
        #expect(try fleet.planned()[name] == "no-change")
    }

    @Test func applyRefusesWithoutATerminalOrApproval() throws {
        let fleet = try ScratchFleet("confirm")
        defer { fleet.cleanUp() }
        try fleet.declare("  - { name: \(fleet.name("q")), template: small, host: hv1, state: stopped }\n")
        let apply = try Testbed.virtfleet(["apply"] + fleet.inventory)
        #expect(apply.status == 1)
        #expect(apply.errors.contains("--auto-approve"))
        #expect(try !Testbed.domains(on: "hv1").contains(fleet.name("q")))
    }
}

/// True exactly once, from any thread.
/// The `HOST: N done, M failed` summary of an apply's output.
func stepCounts(_ output: String, host: String) -> (done: Int, failed: Int)? {
    let pattern = try? Regex<(Substring, Substring, Substring)>("\\b\(host): ([0-9]+) done, ([0-9]+) failed")
    guard let pattern, let match = output.firstMatch(of: pattern), let done = Int(match.1), let failed = Int(match.2) else { return nil }
    return (done, failed)
}

final class CutOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func first() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
