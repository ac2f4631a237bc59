// Validation at fleet scale and --limit with many patterns, the two places that were quadratic.
//   swift run -c release scale-benchmark [hosts] [groups] [guests] [patterns]
// Defaults: 5,000 hosts in 300 groups (each host in two groups), 100,000 guests, then --limit with
// 10,000 and 20,000 patterns (plain names and a few globs) over the expanded fleet. Goals: validate
// under 3 s; the --limit time grows linearly (twice the patterns, about twice the time).
import Foundation
import VirtFleetExpansion
import VirtFleetInventory

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let hostCount = arguments.first ?? 5_000
let groupCount = arguments.dropFirst().first ?? 300
let guestCount = arguments.dropFirst(2).first ?? 100_000
let patternCount = arguments.dropFirst(3).first ?? 10_000
let declarations = 100

let root = FileManager.default.temporaryDirectory.appendingPathComponent("vf-scale-\(getpid())")
defer { try? FileManager.default.removeItem(at: root) }
try FileManager.default.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)

var inventory = "fleet: scale\ntemplates: templates\nvars: { network: default }\nhosts:\n"
for h in 1...hostCount { inventory += "  hv\(h): { address: 192.0.2.\(h % 250 + 1) }\n" }
inventory += "groups:\n"
for g in 0..<groupCount {
    // Each host is in two groups: g = h mod groups, and g = (h / groups) mod groups.
    let members = (1...hostCount).filter { $0 % groupCount == g || ($0 / groupCount) % groupCount == g }
    inventory += "  g\(g): { hosts: [\(members.map { "hv\($0)" }.joined(separator: ", "))], vars: { rack: r\(g) } }\n"
}
inventory += "guests:\n"
for d in 0..<declarations {
    inventory += "  - { name: \"t\(d)-{{ index }}\", template: tier, count: \(guestCount / declarations), group: g\(d % groupCount) }\n"
}
let template = """
    memory: 1GiB
    vcpu: 1
    disks: [{ source: "/var/lib/libvirt/images/{{ name }}.qcow2", target: vda, bus: virtio }]
    interfaces: [{ type: network, source: "{{ network }}", model: virtio }]
    description: "{{ rack }}"
    """
let file = root.appendingPathComponent("fleet.yaml")
try Data(inventory.utf8).write(to: file)
try Data(template.utf8).write(to: root.appendingPathComponent("templates/tier.yaml"))

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

let start = Date()
let loaded = try InventoryLoader.load(paths: [file.path])
let loadedAt = Date()
let guests = try Expander.expand(loaded)
let seconds = Date().timeIntervalSince(start)
print("validate: \(guests.count) guests over \(loaded.hosts.count) hosts in \(loaded.groups.count) groups")
print(
    String(
        format: "  wall time %.3f s (load %.3f s, expand and checks %.3f s), peak RSS %.1f MB → goal < 3 s %@",
        seconds, loadedAt.timeIntervalSince(start), Date().timeIntervalSince(loadedAt), peakRSSMegabytes(),
        seconds < 3 ? "met" : "NOT met"))

/// Applies a limit of `count` patterns as `validate --limit` does: every pattern must match
/// something, then each guest is selected by its name, host or groups.
func limitSeconds(_ count: Int) -> (Double, Int) {
    var patterns = (0..<count - 3).map { "t\($0 % declarations)-\($0 / declarations + 1)" }
    patterns += ["hv1?", "g2*", "t9-[12]"]
    let began = Date()
    guard let limit = Limit(patterns.joined(separator: ",")) else { return (0, 0) }
    let unmatched = limit.unmatched(in: loaded, guests: guests.map(\.name))
    let selected = guests.filter { limit.selects(guest: $0.name, host: $0.host, in: loaded) }.count
    precondition(unmatched.isEmpty, "benchmark patterns should all match: \(unmatched.prefix(3))")
    return (Date().timeIntervalSince(began), selected)
}
let (one, selectedOne) = limitSeconds(patternCount)
let (two, selectedTwo) = limitSeconds(patternCount * 2)
print("--limit over \(guests.count) guests:")
print(
    String(
        format: "  %d patterns %.3f s (%d guests selected), %d patterns %.3f s (%d selected): ratio %.2f → goal ≈ 2 (linear)",
        patternCount, one, selectedOne, patternCount * 2, two, selectedTwo, two / max(one, 1e-9)))
