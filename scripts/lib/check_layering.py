"""The dependency-direction check behind scripts/check-layering (reads `swift package describe --type json`)."""
import json, sys
targets = {t["name"]: t.get("target_dependencies", []) for t in json.load(sys.stdin)["targets"]}
def closure(name, seen=None):
    seen = set() if seen is None else seen
    for dep in targets.get(name, []):
        if dep not in seen:
            seen.add(dep)
            closure(dep, seen)
    return seen
forbidden = {"CLibSSH", "VirtFleetSSH", "VirtFleetLibvirt", "VirtFleetRemote", "VirtFleetCLI"}
pure = ["VirtFleetDiagnostics", "VirtFleetInventory", "VirtFleetDomain", "VirtFleetExpansion",
        "VirtFleetCloudInit", "VirtFleetHypervisor", "VirtFleetPlan", "VirtFleetApply"]
failed = False
for name in pure:
    if name not in targets:
        print(f"check-layering: no target {name}"); failed = True; continue
    deps = closure(name)
    bad = sorted(deps & forbidden)
    print(f"{name}: {', '.join(sorted(deps)) or '(none)'}")
    if bad:
        print(f"check-layering: {name} must not depend on {', '.join(bad)}"); failed = True
sys.exit(1 if failed else 0)
