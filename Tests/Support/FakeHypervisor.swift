import Foundation
import VirtFleetDomain
import VirtFleetHypervisor
import VirtFleetInventory

/// An in-memory hypervisor for apply's unit tests: keeps definitions, states and a call log,
/// adds a default element on define like libvirt, and can be told to drop an element or fail.
public actor FakeHypervisor {
    public struct Domain: Sendable {
        public var xml: DomainXMLElement
        public var state: DomainState
    }

    public let host: String
    public var domains: [String: Domain] = [:]
    public var calls: [String] = []
    public var locked: String?
    /// Element names libvirt "silently drops" on define.
    public var drops: Set<String> = []
    /// Guests whose start fails.
    public var failingStarts: Set<String> = []
    /// Guests whose undefine fails.
    public var failingUndefines: Set<String> = []
    /// IP addresses libvirt "knows" per guest (only while it runs).
    public var addresses: [String: [GuestAddress]] = [:]
    /// Storage pools by name, their volumes (kept while the pool is inactive, as files on disk
    /// are, but listed only while it is active), and networks by name.
    public var pools: [String: Pool] = [:]
    public var volumes: [VolumeReference: Volume] = [:]
    public var networks: [String: Network] = [:]
    /// Calls (as logged in `calls`, e.g. `createVolume vf/a.qcow2`, `startNetwork lab`) that fail.
    /// An upload listed here fails after sending half its bytes.
    public var failing: Set<String> = []
    /// What `observe(_:)` was last asked for.
    public var lastScope: ObservationScope?
    /// How many times the host was observed (with or without a scope).
    public var observations = 0
    private var generated = 0

    public struct Pool: Sendable {
        public var name: String
        public var uuid: String
        public var type: String
        public var path: String?
        public var active: Bool
        public var autostart: Bool
        public var xml: String
    }

    public struct Volume: Sendable {
        public var pool: String
        public var name: String
        public var path: String
        public var format: String?
        public var capacity: UInt64
        public var backingPath: String?
        public var backingFormat: String?
        /// The bytes uploaded last, in full (nil before any upload).
        public var uploaded: [UInt8]?
        /// Size of the file on disk.
        public var physical: UInt64
    }

    public struct Network: Sendable {
        public var name: String
        public var uuid: String
        public var active: Bool
        public var autostart: Bool
        /// The persistent definition (nil for a transient network: undefined while running).
        public var xml: DomainXMLElement?
        /// The running definition (nil while inactive).
        public var live: DomainXMLElement?
    }

    public init(host: String) {
        self.host = host
    }

    public func setDrops(_ names: Set<String>) { drops = names }
    public func setFailingStarts(_ names: Set<String>) { failingStarts = names }
    public func setFailingUndefines(_ names: Set<String>) { failingUndefines = names }
    public func setLock(_ holder: String?) { locked = holder }
    public func setAddresses(_ guest: String, _ known: [GuestAddress]) { addresses[guest] = known }
    public func setFailing(_ calls: Set<String>) { failing = calls }

    public func addresses(_ name: String) throws -> [GuestAddress] {
        guard let domain = domains[name] else { throw FakeError.noDomain(name) }
        return domain.state.isActive ? addresses[name] ?? [] : []
    }

    public func observation() -> HostObservation {
        observations += 1
        return HostObservation(
            host: host, hostname: host, libvirtVersion: "9.0.0", hypervisorType: "QEMU",
            hypervisorVersion: "7.2.0", cpus: 2, memoryKiB: 1 << 20,
            domains: domains.keys.sorted().map { name in
                ObservedDomain(
                    name: name, uuid: domains[name]?.xml.first("uuid")?.text ?? "uuid-\(name)",
                    state: domains[name]?.state ?? .noState,
                    inactiveXML: domains[name].map { XMLWriter.string(from: $0.xml) } ?? "")
            })
    }

    /// Domains, plus the pools, volumes and networks `scope` names, as libvirt lists them: a pool's
    /// volumes only while it is active, a network's persistent definition (its live one if transient).
    public func observation(_ scope: ObservationScope) -> HostObservation {
        lastScope = scope
        var observation = self.observation()  // counts this observation
        observation.pools = scope.pools.compactMap { pools[$0] }.sorted { $0.name < $1.name }.map { pool in
            ObservedPool(
                name: pool.name, uuid: pool.uuid, active: pool.active, autostart: pool.autostart, type: pool.type, path: pool.path,
                capacity: 1 << 40, allocation: 0, available: 1 << 40, xml: pool.xml)
        }
        let listed = Set(scope.volumePools.filter { pools[$0]?.active == true })
        observation.volumes = volumes.values.filter { listed.contains($0.pool) }.sorted { ($0.pool, $0.name) < ($1.pool, $1.name) }
            .map { volume in
                ObservedVolume(
                    pool: volume.pool, name: volume.name, path: volume.path, format: volume.format, capacity: volume.capacity,
                    allocation: volume.physical, physical: volume.physical, backingPath: volume.backingPath,
                    backingFormat: volume.backingFormat)
            }
        observation.networks = scope.networks.compactMap { networks[$0] }.sorted { $0.name < $1.name }.compactMap { network in
            guard let xml = network.xml ?? network.live else { return nil }
            return ObservedNetwork(
                name: network.name, uuid: network.uuid, active: network.active, autostart: network.autostart,
                xml: XMLWriter.string(from: xml))
        }
        return observation
    }

    public func record(_ call: String) { calls.append(call) }

    /// Logs the call, then fails it if asked to.
    private func log(_ call: String) throws {
        calls.append(call)
        if failing.contains(call) { throw FakeError.libvirt(code: 1, "internal error: \(call) failed (injected)") }
    }

    private func nextUUID() -> String {
        generated += 1
        return String(format: "00000000-0000-4000-8000-%012d", generated)
    }

    // MARK: Pools

    public func definePool(_ xml: String) throws {
        let root = try LibXMLParser.parse(xml, file: "pool")
        guard let name = root.first("name")?.text, !name.isEmpty else {
            throw FakeError.libvirt(code: 27, "XML error: missing pool source name element")
        }
        try log("definePool \(name)")
        let uuid = root.first("uuid")?.text ?? pools[name]?.uuid ?? nextUUID()
        if let existing = pools[name], existing.uuid != uuid {
            throw FakeError.libvirt(code: 55, "operation failed: pool '\(name)' already exists with uuid \(existing.uuid)")
        }
        var stored = root
        if root.first("uuid") == nil {
            stored.children.insert(.element(DomainXMLElement("uuid", text: uuid)), at: (stored.childIndex("name") ?? -1) + 1)
        }
        pools[name] = Pool(
            name: name, uuid: uuid, type: root[attribute: "type"] ?? "dir", path: root.first("target")?.first("path")?.text,
            active: pools[name]?.active ?? false, autostart: pools[name]?.autostart ?? false, xml: XMLWriter.string(from: stored))
    }

    private func pool(_ name: String) throws -> Pool {
        guard let pool = pools[name] else {
            throw FakeError.libvirt(code: 49, "Storage pool not found: no storage pool with matching name '\(name)'")
        }
        return pool
    }

    public func startPool(_ name: String) throws {
        try log("startPool \(name)")
        guard try !pool(name).active else {
            throw FakeError.libvirt(code: 55, "Requested operation is not valid: storage pool '\(name)' is already active")
        }
        pools[name]?.active = true
    }

    public func stopPool(_ name: String) throws {
        try log("stopPool \(name)")
        guard try pool(name).active else {
            throw FakeError.libvirt(code: 55, "Requested operation is not valid: storage pool '\(name)' is not active")
        }
        pools[name]?.active = false
    }

    /// libvirt refuses to undefine an active pool; a pool whose directory still holds volumes is
    /// refused too (as `virStoragePoolDelete` refuses a non-empty directory), so a test sees
    /// apply's own emptiness check never relied on.
    public func undefinePool(_ name: String) throws {
        try log("undefinePool \(name)")
        let pool = try pool(name)
        guard !pool.active else {
            throw FakeError.libvirt(code: 55, "Requested operation is not valid: storage pool '\(name)' is still active")
        }
        let held = volumes.keys.filter { $0.pool == name }.count
        guard held == 0 else { throw FakeError.libvirt(code: 38, "cannot remove directory '\(pool.path ?? name)': Directory not empty") }
        pools[name] = nil
    }

    public func setPoolAutostart(_ name: String, _ autostart: Bool) throws {
        try log("poolAutostart \(name) \(autostart ? "on" : "off")")
        _ = try pool(name)
        pools[name]?.autostart = autostart
    }

    // MARK: Volumes

    private func activePool(_ name: String) throws -> Pool {
        let pool = try pool(name)
        guard pool.active else {
            throw FakeError.libvirt(code: 55, "Requested operation is not valid: storage pool '\(name)' is not active")
        }
        return pool
    }

    private func parseVolume(_ xml: String, in pool: Pool) throws -> Volume {
        let root = try LibXMLParser.parse(xml, file: "volume")
        guard let name = root.first("name")?.text, !name.isEmpty else {
            throw FakeError.libvirt(code: 27, "XML error: missing volume name element")
        }
        let capacity =
            root.first("capacity").map { (element: DomainXMLElement) -> UInt64 in
                let value = UInt64(element.text) ?? 0
                switch element[attribute: "unit"] ?? "bytes" {
                case "KiB", "K", "k": return value << 10
                case "MiB", "M": return value << 20
                case "GiB", "G": return value << 30
                default: return value
                }
            } ?? 0
        let format = root.first("target")?.first("format")?[attribute: "type"]
        let backing = root.first("backingStore")
        return Volume(
            pool: pool.name, name: name, path: (pool.path ?? "/pool/\(pool.name)") + "/" + name, format: format, capacity: capacity,
            backingPath: backing?.first("path")?.text, backingFormat: backing?.first("format")?[attribute: "type"], uploaded: nil,
            physical: format == "qcow2" ? 196_624 : capacity)
    }

    public func createVolume(in poolName: String, xml: String) throws {
        let pool = try pool(poolName)
        let volume = try parseVolume(xml, in: pool)
        try log("createVolume \(poolName)/\(volume.name)")
        _ = try activePool(poolName)
        guard volumes[VolumeReference(pool: poolName, name: volume.name)] == nil else {
            throw FakeError.libvirt(code: 90, "storage volume '\(volume.name)' exists already")
        }
        if let backing = volume.backingPath, !volumes.values.contains(where: { $0.path == backing }) {
            throw FakeError.libvirt(code: 38, "Cannot access backing file '\(backing)': No such file or directory")
        }
        volumes[VolumeReference(pool: poolName, name: volume.name)] = volume
    }

    public func cloneVolume(in poolName: String, xml: String, from source: VolumeReference) throws {
        let pool = try pool(poolName)
        var volume = try parseVolume(xml, in: pool)
        try log("cloneVolume \(poolName)/\(volume.name) from \(source)")
        _ = try activePool(poolName)
        guard let original = volumes[source] else {
            throw FakeError.libvirt(code: 50, "Storage volume not found: no storage vol with matching name '\(source.name)'")
        }
        guard volumes[VolumeReference(pool: poolName, name: volume.name)] == nil else {
            throw FakeError.libvirt(code: 90, "storage volume '\(volume.name)' exists already")
        }
        volume.capacity = original.capacity  // as libvirt 9.0: the copy keeps the source's virtual size
        volume.physical = original.physical
        volume.uploaded = original.uploaded
        volumes[VolumeReference(pool: poolName, name: volume.name)] = volume
    }

    private func volume(_ reference: VolumeReference) throws -> Volume {
        _ = try pool(reference.pool)
        guard let volume = volumes[reference] else {
            throw FakeError.libvirt(code: 50, "Storage volume not found: no storage vol with matching name '\(reference.name)'")
        }
        return volume
    }

    public func refreshPool(_ name: String) throws {
        try log("refreshPool \(name)")
        _ = try activePool(name)
    }

    /// Reads the bytes (a file in chunks, as the adapter does), reporting the count sent so far.
    public func upload(_ source: UploadSource, to reference: VolumeReference, progress: @Sendable (UInt64) -> Void) throws {
        calls.append("upload \(reference)")
        _ = try activePool(reference.pool)
        _ = try volume(reference)
        let bytes: [UInt8]
        switch source {
        case .bytes(let data): bytes = data
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { throw FakeError.libvirt(code: 38, "cannot read '\(path)'") }
            bytes = Array(data)
        }
        let chunk = max(1, bytes.count / 4)
        var sent = 0
        while sent < bytes.count {
            if failing.contains("upload \(reference)"), sent >= bytes.count / 2 {
                throw FakeError.libvirt(code: 38, "stream aborted after \(sent) bytes (injected)")
            }
            sent = min(bytes.count, sent + chunk)
            progress(UInt64(sent))
        }
        if failing.contains("upload \(reference)") { throw FakeError.libvirt(code: 38, "stream aborted (injected)") }
        guard var volume = volumes[reference] else { return }
        volume.uploaded = bytes
        volume.physical = max(UInt64(bytes.count), volume.format == "raw" ? volume.capacity : 0)
        volumes[reference] = volume
    }

    public func resizeVolume(_ reference: VolumeReference, capacity: UInt64) throws {
        try log("resizeVolume \(reference) \(capacity)")
        let volume = try volume(reference)
        guard capacity >= volume.capacity else {
            throw FakeError.libvirt(
                code: 55,
                "Requested operation is not valid: Can't shrink capacity below current capacity unless shrink flag explicitly specified")
        }
        volumes[reference]?.capacity = capacity
    }

    public func deleteVolume(_ reference: VolumeReference) throws {
        try log("deleteVolume \(reference)")
        _ = try volume(reference)
        volumes[reference] = nil
    }

    /// A volume made outside virtfleet (by hand, or another tool), in an existing pool.
    public func addVolume(
        pool: String, name: String, capacity: UInt64, format: String? = "qcow2", backingPath: String? = nil, physical: UInt64? = nil
    ) {
        let path = (pools[pool]?.path ?? "/pool/\(pool)") + "/" + name
        volumes[VolumeReference(pool: pool, name: name)] = Volume(
            pool: pool, name: name, path: path, format: format, capacity: capacity, backingPath: backingPath,
            backingFormat: backingPath == nil ? nil : "qcow2", uploaded: nil, physical: physical ?? capacity)
    }

    /// A pool defined outside virtfleet.
    public func addPool(_ name: String, path: String, type: String = "dir", active: Bool = true, autostart: Bool = true) {
        let uuid = nextUUID()
        pools[name] = Pool(
            name: name, uuid: uuid, type: type, path: path, active: active, autostart: autostart,
            xml: "<pool type='\(type)'><name>\(name)</name><uuid>\(uuid)</uuid><target><path>\(path)</path></target></pool>")
    }

    // MARK: Networks

    /// What libvirt adds to a network it is given: a UUID, a MAC for the bridge, a bridge name
    /// (and its STP and delay), NAT's port range.
    private func readBack(_ root: DomainXMLElement, uuid: String) -> DomainXMLElement {
        var stored = root
        if stored.first("uuid") == nil {
            stored.children.insert(.element(DomainXMLElement("uuid", text: uuid)), at: (stored.childIndex("name") ?? -1) + 1)
        }
        let mode = stored.first("forward")?[attribute: "mode"]
        if mode == "nat" {
            stored.modifyChild("forward") { forward in
                if forward.first("nat") == nil {
                    forward.append(
                        DomainXMLElement(
                            "nat",
                            children: [
                                .element(
                                    DomainXMLElement("port", attributes: [XMLAttribute("start", "1024"), XMLAttribute("end", "65535")]))
                            ]))
                }
            }
        }
        if mode != "bridge" {
            if !stored.modifyChild(
                "bridge",
                { bridge in
                    if bridge[attribute: "name"] == nil { bridge[attribute: "name"] = "virbr\(generated)" }
                    bridge.set("stp", bridge[attribute: "stp"] ?? "on")
                    bridge.set("delay", bridge[attribute: "delay"] ?? "0")
                })
            {
                let at = (stored.childIndex("forward") ?? stored.childIndex("uuid") ?? 0) + 1
                stored.children.insert(
                    .element(
                        DomainXMLElement(
                            "bridge",
                            attributes: [XMLAttribute("name", "virbr\(generated)"), XMLAttribute("stp", "on"), XMLAttribute("delay", "0")])),
                    at: at)
            }
            if stored.first("mac") == nil {
                let at = (stored.childIndex("bridge") ?? 0) + 1
                stored.children.insert(
                    .element(DomainXMLElement("mac", attributes: [XMLAttribute("address", "52:54:00:aa:bb:cc")])), at: at)
            }
        }
        return stored
    }

    public func defineNetwork(_ xml: String) throws {
        let root = try LibXMLParser.parse(xml, file: "network")
        guard let name = root.first("name")?.text, !name.isEmpty else {
            throw FakeError.libvirt(code: 27, "XML error: missing network name element")
        }
        try log("defineNetwork \(name)")
        // libvirt gives a definition without a UUID a new one, so redefining by name alone fails.
        let uuid = root.first("uuid")?.text ?? nextUUID()
        if let existing = networks[name], existing.uuid != uuid {
            throw FakeError.libvirt(code: 9, "operation failed: network '\(name)' already exists with uuid \(existing.uuid)")
        }
        let stored = readBack(root, uuid: uuid)
        var network = networks[name] ?? Network(name: name, uuid: uuid, active: false, autostart: false, xml: nil, live: nil)
        network.xml = stored
        networks[name] = network
    }

    private func network(_ name: String) throws -> Network {
        guard let network = networks[name] else {
            throw FakeError.libvirt(code: 43, "Network not found: no network with matching name '\(name)'")
        }
        return network
    }

    public func startNetwork(_ name: String) throws {
        try log("startNetwork \(name)")
        let network = try network(name)
        guard !network.active else { throw FakeError.libvirt(code: 55, "Requested operation is not valid: network is already active") }
        networks[name]?.active = true
        networks[name]?.live = network.xml
    }

    public func stopNetwork(_ name: String) throws {
        try log("stopNetwork \(name)")
        let network = try network(name)
        guard network.active else { throw FakeError.libvirt(code: 55, "Requested operation is not valid: network '\(name)' is not active") }
        if network.xml == nil {
            networks[name] = nil  // transient: gone once stopped
        } else {
            networks[name]?.active = false
            networks[name]?.live = nil
        }
    }

    /// An active network undefined keeps running as a transient one, as libvirt does.
    public func undefineNetwork(_ name: String) throws {
        try log("undefineNetwork \(name)")
        let network = try network(name)
        if network.active {
            networks[name]?.xml = nil
            networks[name]?.autostart = false
        } else {
            networks[name] = nil
        }
    }

    public func setNetworkAutostart(_ name: String, _ autostart: Bool) throws {
        try log("networkAutostart \(name) \(autostart ? "on" : "off")")
        guard try network(name).xml != nil else {
            throw FakeError.libvirt(code: 55, "Requested operation is not valid: cannot set autostart for transient network")
        }
        networks[name]?.autostart = autostart
    }

    /// `virNetworkUpdate` of the first IPv4 `<dhcp>`, in the live and the persistent definition.
    public func updateNetworkDHCPHost(_ name: String, _ change: DHCPHostChange, hostXML: String) throws {
        let host = try LibXMLParser.parse(hostXML, file: "host")
        let mac = host[attribute: "mac"]?.lowercased()
        try log("dhcpHost \(name) \(change.rawValue) \(mac ?? "-")")
        let network = try network(name)
        func edit(_ definition: DomainXMLElement?) throws -> DomainXMLElement? {
            guard var definition else { return nil }
            var done = false
            var problem: FakeError?
            definition.modifyChild("ip") { ip in
                ip.modifyChild("dhcp") { dhcp in
                    let matches = { (e: DomainXMLElement) in e.name == "host" && e[attribute: "mac"]?.lowercased() == mac }
                    let existing = dhcp.elements.contains(where: matches)
                    switch change {
                    case .add:
                        if existing {
                            problem = .libvirt(
                                code: 55,
                                "Requested operation is not valid: there is an existing dhcp host entry in network '\(name)' that matches")
                        } else {
                            dhcp.append(host)
                        }
                    case .delete:
                        if !existing {
                            problem = .libvirt(
                                code: 55,
                                "Requested operation is not valid: couldn't locate a matching dhcp host entry in network '\(name)'")
                        } else {
                            dhcp.children.removeAll { if case .element(let e) = $0 { matches(e) } else { false } }
                        }
                    }
                    done = true
                }
            }
            if let problem { throw problem }
            guard done else {
                throw FakeError.libvirt(code: 55, "Requested operation is not valid: no IPv4 dhcp range in network '\(name)'")
            }
            return definition
        }
        let persistent = try edit(network.xml)
        let live = try edit(network.live)
        networks[name]?.xml = persistent
        networks[name]?.live = live
    }

    /// The running definition of a network, for checking what a live update did.
    public func liveNetworkXML(_ name: String) -> String? { networks[name]?.live.map { XMLWriter.string(from: $0) } }

    public func define(_ xml: String) throws {
        var root = try LibXMLParser.parse(xml, file: "define")
        root.children.removeAll { if case .element(let e) = $0 { drops.contains(e.name) } else { false } }
        if root.first("on_crash") == nil { root.append(DomainXMLElement("on_crash", text: "destroy")) }
        let name = root.first("name")!.text
        calls.append("define \(name)")
        domains[name] = Domain(xml: root, state: domains[name]?.state ?? .shutoff)
    }

    public func xml(_ name: String) throws -> String {
        guard let domain = domains[name] else { throw FakeError.noDomain(name) }
        return XMLWriter.string(from: domain.xml)
    }

    public func state(_ name: String) throws -> DomainState {
        guard let domain = domains[name] else { throw FakeError.noDomain(name) }
        return domain.state
    }

    public func setState(_ name: String, _ state: DomainState, call: String) throws {
        calls.append("\(call) \(name)")
        guard domains[name] != nil else { throw FakeError.noDomain(name) }
        if call == "start", failingStarts.contains(name) { throw FakeError.startFailed(name) }
        domains[name]!.state = state
    }

    public func undefine(_ name: String) throws {
        calls.append("undefine \(name)")
        if failingUndefines.contains(name) { throw FakeError.startFailed(name) }
        domains[name] = nil
    }

    public func setOwnership(_ name: String, _ element: String) throws {
        calls.append("metadata \(name)")
        let parsed = try LibXMLParser.parse(element, file: "metadata")
        // libvirt puts the namespace on the element only; its children stay unprefixed.
        var owner = DomainXMLElement(OwnershipMetadata.elementName, attributes: [XMLAttribute("xmlns:vf", Identity.metadataNamespace)])
        owner.attributes += parsed.attributes
        owner.children = parsed.children
        domains[name]!.xml = DomainHash.withoutOwnership(domains[name]!.xml)
        if !domains[name]!.xml.modifyChild("metadata", { $0.append(owner) }) {
            domains[name]!.xml.append(DomainXMLElement("metadata", children: [.element(owner)]))
        }
    }

    public func replaceWithUnmanaged(_ name: String) {
        domains[name] = Domain(
            xml: DomainXMLElement(
                "domain",
                children: [
                    .element(DomainXMLElement("name", text: name)), .element(DomainXMLElement("uuid", text: "someone-elses")),
                ]), state: .running)
    }

    /// A hand-made domain (no virtfleet mark), running, with a UUID of its own as libvirt always gives.
    public func addUnmanaged(_ name: String) {
        domains[name] = Domain(
            xml: DomainXMLElement(
                "domain",
                children: [.element(DomainXMLElement("name", text: name)), .element(DomainXMLElement("uuid", text: "uuid-\(name)"))]),
            state: .running)
    }

    public enum FakeError: Error, CustomStringConvertible {
        case noDomain(String)
        case startFailed(String)
        case locked(String)
        /// A libvirt error with its code (49 no pool, 50 no volume, 43 no network, 55 invalid operation, …).
        case libvirt(code: Int32, String)

        public var description: String {
            switch self {
            case .noDomain(let name): "no domain named '\(name)'"
            case .startFailed(let name): "startFailed(\"\(name)\")"
            case .locked(let holder): "locked by \(holder)"
            case .libvirt(_, let message): message
            }
        }
    }
}

/// The fake behind the port: every call goes to the in-memory hypervisor, and its failures come
/// back as `HypervisorError`s with the cause a real host would give.
public struct FakeSession: HypervisorSession {
    public let fake: FakeHypervisor
    public init(fake: FakeHypervisor) { self.fake = fake }

    private func call<T>(_ body: () async throws -> T) async throws(HypervisorError) -> T {
        do {
            return try await body()
        } catch FakeHypervisor.FakeError.noDomain(let name) {
            throw HypervisorError(host: fake.host, cause: .noDomain, message: "host \(fake.host): no domain named '\(name)'")
        } catch FakeHypervisor.FakeError.libvirt(let code, let message) {
            // As the adapter maps libvirt's VIR_ERR_NO_STORAGE_VOL.
            let cause: HypervisorError.Cause = code == 50 ? .noVolume : .libvirt(code: code)
            throw HypervisorError(host: fake.host, cause: cause, message: "host \(fake.host): \(message)")
        } catch {
            throw HypervisorError(host: fake.host, cause: .libvirt(code: 1), message: "host \(fake.host): \(error)")
        }
    }

    public func observe() async throws(HypervisorError) -> HostObservation { await fake.observation() }
    public func observe(_ scope: ObservationScope) async throws(HypervisorError) -> HostObservation {
        await fake.observation(scope)
    }
    public func inactiveXML(of domain: String, secure: Bool) async throws(HypervisorError) -> String {
        try await call { try await fake.xml(domain) }
    }
    public func state(of domain: String) async throws(HypervisorError) -> DomainState { try await call { try await fake.state(domain) } }
    public func define(_ xml: String) async throws(HypervisorError) { try await call { try await fake.define(xml) } }
    public func start(_ domain: String) async throws(HypervisorError) {
        try await call { try await fake.setState(domain, .running, call: "start") }
    }
    public func shutdown(_ domain: String) async throws(HypervisorError) {
        try await call { try await fake.setState(domain, .shutoff, call: "shutdown") }
    }
    public func destroy(_ domain: String) async throws(HypervisorError) {
        try await call { try await fake.setState(domain, .shutoff, call: "destroy") }
    }
    public func undefine(_ domain: String) async throws(HypervisorError) { try await call { try await fake.undefine(domain) } }
    public func setOwnership(of domain: String, element: String) async throws(HypervisorError) {
        try await call { try await fake.setOwnership(domain, element) }
    }
    public func addresses(of domain: String) async throws(HypervisorError) -> [GuestAddress] {
        try await call { try await fake.addresses(domain) }
    }
    public func definePool(_ xml: String) async throws(HypervisorError) { try await call { try await fake.definePool(xml) } }
    public func startPool(_ name: String) async throws(HypervisorError) { try await call { try await fake.startPool(name) } }
    public func refreshPool(_ name: String) async throws(HypervisorError) { try await call { try await fake.refreshPool(name) } }
    public func stopPool(_ name: String) async throws(HypervisorError) { try await call { try await fake.stopPool(name) } }
    public func undefinePool(_ name: String) async throws(HypervisorError) { try await call { try await fake.undefinePool(name) } }
    public func setPoolAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError) {
        try await call { try await fake.setPoolAutostart(name, autostart) }
    }
    public func createVolume(in pool: String, xml: String) async throws(HypervisorError) {
        try await call { try await fake.createVolume(in: pool, xml: xml) }
    }
    public func cloneVolume(in pool: String, xml: String, from source: VolumeReference) async throws(HypervisorError) {
        try await call { try await fake.cloneVolume(in: pool, xml: xml, from: source) }
    }
    public func upload(
        _ source: UploadSource, to volume: VolumeReference, progress: @escaping @Sendable (UInt64) -> Void
    ) async throws(HypervisorError) {
        try await call { try await fake.upload(source, to: volume, progress: progress) }
    }
    public func resizeVolume(_ volume: VolumeReference, capacity: UInt64) async throws(HypervisorError) {
        try await call { try await fake.resizeVolume(volume, capacity: capacity) }
    }
    public func deleteVolume(_ volume: VolumeReference) async throws(HypervisorError) {
        try await call { try await fake.deleteVolume(volume) }
    }
    public func defineNetwork(_ xml: String) async throws(HypervisorError) { try await call { try await fake.defineNetwork(xml) } }
    public func startNetwork(_ name: String) async throws(HypervisorError) { try await call { try await fake.startNetwork(name) } }
    public func stopNetwork(_ name: String) async throws(HypervisorError) { try await call { try await fake.stopNetwork(name) } }
    public func undefineNetwork(_ name: String) async throws(HypervisorError) {
        try await call { try await fake.undefineNetwork(name) }
    }
    public func setNetworkAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError) {
        try await call { try await fake.setNetworkAutostart(name, autostart) }
    }
    public func updateNetworkDHCPHost(_ network: String, _ change: DHCPHostChange, hostXML: String)
        async throws(HypervisorError)
    {
        try await call { try await fake.updateNetworkDHCPHost(network, change, hostXML: hostXML) }
    }
    public func lock(holder: String) async throws(HypervisorError) -> any HostLock {
        if let held = await fake.locked {
            throw HypervisorError(
                host: fake.host, cause: .lockHeld(holder: held),
                message: "host \(fake.host) is locked by another apply (\(held)); wait for it to finish")
        }
        await fake.setLock(holder)
        return FakeLock(fake: fake)
    }
    public func close() async {}
}

public struct FakeLock: HostLock {
    public let fake: FakeHypervisor
    public func release() async { await fake.setLock(nil) }
}

/// Connects to the fakes by host name; any other host is unreachable, as sshd refusing would be.
public struct FakeConnector: HypervisorConnector {
    public let hosts: [String: FakeHypervisor]
    public init(hosts: [String: FakeHypervisor]) { self.hosts = hosts }

    public func connect(to host: HypervisorHost) async throws(HypervisorError) -> any HypervisorSession {
        guard let fake = hosts[host.name] else {
            throw HypervisorError(host: host.name, cause: .connect, message: "ssh \(host.name): connection refused")
        }
        return FakeSession(fake: fake)
    }
}
