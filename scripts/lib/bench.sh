# Shared by the testbed benchmarks (scripts/bench-*): sourced, not run.
# Brings the testbed up, builds virtfleet in release mode, and gives libvirt's own client (virsh)
# what it needs to reach the testbed hosts over qemu+ssh:// with the native proxy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPO=$(pwd -P)
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"

scripts/testbed up >/dev/null
swift build -c release --product virtfleet >/dev/null
VF="$REPO/.build/release/virtfleet"
HOSTS=($(grep -E '^  hv[0-9]+:' .testbed/hosts.yaml | tr -d ' :'))
WORK=$(mktemp -d)

# libvirt's ssh transport runs the ssh binary; this wrapper points it at the testbed's known_hosts.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/ssh" <<WRAP
#!/bin/sh
exec /usr/bin/ssh -o UserKnownHostsFile=$REPO/.testbed/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes "\$@"
WRAP
chmod +x "$WORK/bin/ssh"

# qemu+ssh URI with the native proxy, as the issues name libvirt's own client.
ssh_uri() { local k=${1#hv}; echo "qemu+ssh://$1@127.0.0.1$k:2222/session?keyfile=$REPO/.testbed/id_ed25519&proxy=native&no_tty=1"; }
vsh() { local h=$1; shift; PATH="$WORK/bin:$PATH" virsh -q -c "$(ssh_uri "$h")" "$@"; }
domain_type() { grep -A12 "^  $1:" .testbed/hosts.yaml | awk '/domain_type:/ {print $2; exit}'; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# Removes every domain whose name starts with $1 from every testbed host.
remove_domains() {
  local prefix=$1 h
  for h in "${HOSTS[@]}"; do
    virsh -q -c "$(scripts/testbed uri "$h")" list --all --name 2>/dev/null | grep "^$prefix" \
      | sed 's/.*/destroy &\nundefine &/' | virsh -q -c "$(scripts/testbed uri "$h")" >/dev/null 2>&1 || true
  done
}

# A tiny domain document (no disk, user networking), KVM where the host has it.
tiny_xml() { # NAME HOST
  cat <<XML
<domain type='$(domain_type "$2")'><name>$1</name><memory unit='KiB'>65536</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os><devices><interface type='user'><model type='e1000'/></interface>
<serial type='pty'><target port='0'/></serial></devices></domain>
XML
}
