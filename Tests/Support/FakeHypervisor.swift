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

    public init(host: String) {
        self.host = host
    }

    public func setDrops(_ names: Set<String>) { drops = names }
    public func setFailingStarts(_ names: Set<String>) { failingStarts = names }
    public func setFailingUndefines(_ names: Set<String>) { failingUndefines = names }
    public func setLock(_ holder: String?) { locked = holder }
    public func setAddresses(_ guest: String, _ known: [GuestAddress]) { addresses[guest] = known }

    public func addresses(_ name: String) throws -> [GuestAddress] {
        guard let domain = domains[name] else { throw FakeError.noDomain(name) }
        return domain.state.isActive ? addresses[name] ?? [] : []
    }

    public func observation() -> HostObservation {
        HostObservation(
            host: host, hostname: host, libvirtVersion: "9.0.0", hypervisorType: "QEMU",
            hypervisorVersion: "7.2.0", cpus: 2, memoryKiB: 1 << 20,
            domains: domains.keys.sorted().map { name in
                ObservedDomain(
                    name: name, uuid: domains[name]?.xml.first("uuid")?.text ?? "uuid-\(name)",
                    state: domains[name]?.state ?? .noState,
                    inactiveXML: domains[name].map { XMLWriter.string(from: $0.xml) } ?? "")
            })
    }

    public func record(_ call: String) { calls.append(call) }

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
        var owner = DomainXMLElement(OwnershipMetadata.elementName, attributes: [XMLAttribute("xmlns:vf", Identity.metadataNamespace)])
        owner.attributes += parsed.attributes
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

    public enum FakeError: Error {
        case noDomain(String)
        case startFailed(String)
        case locked(String)
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
        } catch {
            throw HypervisorError(host: fake.host, cause: .libvirt(code: 1), message: "host \(fake.host): \(error)")
        }
    }

    public func observe() async throws(HypervisorError) -> HostObservation { await fake.observation() }
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
