// Expands and renders a synthetic fleet of 10,000 guests over 100 hosts, then prints wall time,
// guests per second and peak RSS. Goal: under 1 s and under 200 MB in a release build.
//   swift run -c release render-benchmark [guests] [hosts]
import Foundation
import VirtFleetExpansion
import VirtFleetInventory

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let guestCount = arguments.first ?? 10_000
let hostCount = arguments.dropFirst().first ?? 100
let groups = 10
let declarations = 10

let root = FileManager.default.temporaryDirectory.appendingPathComponent("vf-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: root) }
try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)

var inventory = "fleet: bench\ntemplates: templates\nvars:\n  image_dir: /var/lib/libvirt/images\n  network: default\nhosts:\n"
for h in 1...hostCount { inventory += "  hv\(h): { address: 192.0.2.\(h % 250 + 1), user: virtfleet }\n" }
inventory += "groups:\n"
for g in 0..<groups {
    let members = stride(from: g + 1, through: hostCount, by: groups).map { "hv\($0)" }
    inventory += "  g\(g): { hosts: [\(members.joined(separator: ", "))], vars: { vnc_base: \(5900 + g * 1000) } }\n"
}
inventory += "guests:\n"
for d in 0..<declarations {
    inventory +=
        "  - { name: \"t\(d)-{{ index | pad(5) }}\", template: tier, count: \(guestCount / declarations), group: g\(d % groups) }\n"
}
let template = """
    type: kvm
    memory: 2GiB
    current_memory: 1GiB
    vcpu: 2
    os: { type: hvm, arch: x86_64, machine: pc, boot: [hd, network] }
    features: [acpi, apic]
    clock: utc
    on_poweroff: destroy
    on_reboot: restart
    on_crash: restart
    emulator: /usr/bin/qemu-system-x86_64
    disks:
      - { type: file, device: disk, driver: { name: qemu, type: qcow2 }, source: "{{ image_dir }}/{{ name }}.qcow2", target: vda, bus: virtio }
      - { type: file, device: cdrom, source: "{{ image_dir }}/seed-{{ name }}.iso", target: hdc, bus: ide, readonly: yes }
    interfaces:
      - { type: network, source: "{{ network }}", model: virtio }
      - { type: bridge, source: br0, model: virtio }
    serials: [{ type: pty, port: 0 }]
    consoles: [{ type: pty, port: 0 }]
    inputs: [{ type: tablet, bus: usb }]
    graphics: [{ type: vnc, port: "{{ vnc_base + index }}", autoport: no, listen: 127.0.0.1 }]
    """
try Data(inventory.utf8).write(to: root.appendingPathComponent("fleet.yaml"))
try Data(template.utf8).write(to: root.appendingPathComponent("templates/tier.yaml"))

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let start = Date()
let loaded = try InventoryLoader.load(paths: [root.appendingPathComponent("fleet.yaml").path])
let loadedAt = Date()
let guests = try Expander.expand(loaded)
let expandedAt = Date()
var bytes = 0
for guest in guests { bytes += guest.xml.utf8.count }
let seconds = Date().timeIntervalSince(start)
let phases = [
    ("load", loadedAt.timeIntervalSince(start)), ("expand", expandedAt.timeIntervalSince(loadedAt)),
    ("write XML", Date().timeIntervalSince(expandedAt)),
]

print("render benchmark: \(guests.count) guests over \(hostCount) hosts, \(bytes / 1024) KiB of XML")
print(
    String(format: "wall time:      %.3f s (", seconds)
        + phases.map { String(format: "%@ %.3f s", $0.0, $0.1) }.joined(separator: ", ") + ")")
print(String(format: "guests/second:  %.0f", Double(guests.count) / seconds))
print(String(format: "peak RSS:       %.1f MB", peakRSSMegabytes()))
print(String(format: "goal: < 1 s and < 200 MB → %@", seconds < 1 && peakRSSMegabytes() < 200 ? "met" : "NOT met"))
