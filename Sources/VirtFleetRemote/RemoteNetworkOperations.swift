import VirtFleetHypervisor
import VirtFleetLibvirt

/// Virtual networks as libvirt RPC calls on the host's connection.
extension RemoteHypervisorSession {
    /// Defines with libvirt's schema validation (`NETWORK_DEFINE_XML_FLAGS`, libvirt 7.7+); a
    /// daemon without that procedure gets the plain define.
    public func defineNetwork(_ xml: String) async throws(HypervisorError) {
        try await guarded {
            do {
                _ = try await libvirt.networkDefineXML(xml, flags: .validate)
            } catch let error as LibvirtError where error.isUnknownProcedure {
                _ = try await libvirt.networkDefineXML(xml)
            }
        }
    }

    public func startNetwork(_ name: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.networkCreate(try await libvirt.networkLookupByName(name)) }
    }

    public func stopNetwork(_ name: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.networkDestroy(try await libvirt.networkLookupByName(name)) }
    }

    public func undefineNetwork(_ name: String) async throws(HypervisorError) {
        try await guarded { try await libvirt.networkUndefine(try await libvirt.networkLookupByName(name)) }
    }

    public func setNetworkAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError) {
        try await guarded { try await libvirt.networkSetAutostart(try await libvirt.networkLookupByName(name), autostart) }
    }

    /// `virNetworkUpdate` of section ip-dhcp-host (the first `<ip>` that fits, parent index -1):
    /// on a running network live and in the persistent config, on a stopped one in the config only
    /// (libvirt refuses a live change there).
    public func updateNetworkDHCPHost(_ network: String, _ change: DHCPHostChange, hostXML: String) async throws(HypervisorError) {
        try await guarded {
            let reference = try await libvirt.networkLookupByName(network)
            let flags: NetworkUpdateFlags = try await libvirt.networkIsActive(reference) ? [.live, .config] : .config
            try await libvirt.networkUpdate(
                reference, command: change == .add ? .addLast : .delete, section: .ipDHCPHost, parentIndex: -1, xml: hostXML,
                flags: flags)
        }
    }
}
