import Foundation
import VirtFleetDomain
import VirtFleetInventory
import VirtFleetHypervisor

/// An in-memory hypervisor for apply's unit tests: keeps definitions, states and a call log,
/// adds a default element on define like libvirt, and can be told to drop an element or fail.
public actor FakeHypervisor {
    public struct Domain: Sendable {
        var xml: XMLElement
        var state: String
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

    public init(host: String) {
        self.host = host
    }

    public func setDrops(_ names: Set<String>) { drops = names }
    public func setFailingStarts(_ names: Set<String>) { failingStarts = names }
    public func setFailingUndefines(_ names: Set<String>) { failingUndefines = names }
    public func setLock(_ holder: String?) { locked = holder }

    public func observation() -> HostObservation {
        HostObservation(host: host, hostname: host, libvirtVersion: "9.0.0", hypervisorType: "QEMU",
                        hypervisorVersion: "7.2.0", cpus: 2, memoryKiB: 1 << 20,
                        domains: domains.keys.sorted().map { name in
                            ObservedDomain(name: name, uuid: domains[name]!.xml.first("uuid")?.text ?? "uuid-\(name)", state: domains[name]!.state,
                                           inactiveXML: XMLWriter.string(from: domains[name]!.xml))
                        })
    }

    public func record(_ call: String) { calls.append(call) }

    public func define(_ xml: String) throws {
        var root = try XMLParser.parse(xml, file: "define")
        root.children.removeAll { if case .element(let e) = $0 { drops.contains(e.name) } else { false } }
        if root.first("on_crash") == nil { root.append(XMLElement("on_crash", text: "destroy")) }
        let name = root.first("name")!.text
        calls.append("define \(name)")
        domains[name] = Domain(xml: root, state: domains[name]?.state ?? "shut off")
    }

    public func xml(_ name: String) throws -> String {
        guard let domain = domains[name] else { throw FakeError.noDomain(name) }
        return XMLWriter.string(from: domain.xml)
    }

    public func state(_ name: String) throws -> String {
        guard let domain = domains[name] else { throw FakeError.noDomain(name) }
        return domain.state
    }

    public func setState(_ name: String, _ state: String, call: String) throws {
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
        let parsed = try XMLParser.parse(element, file: "metadata")
        var owner = XMLElement(OwnershipMetadata.elementName, attributes: [XMLAttribute("xmlns:vf", Identity.metadataNamespace)])
        owner.attributes += parsed.attributes
        domains[name]!.xml = DomainHash.withoutOwnership(domains[name]!.xml)
        if !domains[name]!.xml.modifyChild("metadata", { $0.append(owner) }) {
            domains[name]!.xml.append(XMLElement("metadata", children: [.element(owner)]))
        }
    }

    public func replaceWithUnmanaged(_ name: String) {
        domains[name] = Domain(xml: XMLElement("domain", children: [
            .element(XMLElement("name", text: name)), .element(XMLElement("uuid", text: "someone-elses")),
        ]), state: "running")
    }

    public func addUnmanaged(_ name: String) {
        domains[name] = Domain(xml: XMLElement("domain", children: [.element(XMLElement("name", text: name))]), state: "running")
    }

    public enum FakeError: Error {
        case noDomain(String)
        case startFailed(String)
        case locked(String)
    }
}

public struct FakeSession: HypervisorSession {
    public let fake: FakeHypervisor
    public init(fake: FakeHypervisor) { self.fake = fake }

    public func observe() async throws -> HostObservation { await fake.observation() }
    public func inactiveXML(of domain: String, secure: Bool) async throws -> String { try await fake.xml(domain) }
    public func state(of domain: String) async throws -> String { try await fake.state(domain) }
    public func define(_ xml: String) async throws { try await fake.define(xml) }
    public func start(_ domain: String) async throws { try await fake.setState(domain, "running", call: "start") }
    public func shutdown(_ domain: String) async throws { try await fake.setState(domain, "shut off", call: "shutdown") }
    public func destroy(_ domain: String) async throws { try await fake.setState(domain, "shut off", call: "destroy") }
    public func undefine(_ domain: String) async throws { try await fake.undefine(domain) }
    public func setOwnership(of domain: String, element: String) async throws { try await fake.setOwnership(domain, element) }
    public func lock(holder: String) async throws -> any HostLock {
        if let holder = await fake.locked { throw HostLockError.held(host: fake.host, by: holder) }
        await fake.setLock(holder)
        return FakeLock(fake: fake)
    }
    public func close() async {}
}

public struct FakeLock: HostLock {
    public let fake: FakeHypervisor
    public func release() async { await fake.setLock(nil) }
}

public struct FakeConnector: HypervisorConnector {
    public let hosts: [String: FakeHypervisor]
    public init(hosts: [String: FakeHypervisor]) { self.hosts = hosts }

    public struct Unreachable: Error, CustomStringConvertible {
        public var description: String
    }

    public func connect(to host: HypervisorHost) async throws -> any HypervisorSession {
        guard let fake = hosts[host.name] else { throw Unreachable(description: "ssh \(host.name): connection refused") }
        return FakeSession(fake: fake)
    }
}
