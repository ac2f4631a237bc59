// TEMPORARY while issue 10 is wired in: the adapter and the fake implement these; this file goes
// when both have landed.
extension HypervisorSession {
    private func pending(_ what: String) -> HypervisorError {
        HypervisorError(host: "", cause: .configuration, message: "\(what) is not implemented by this session yet")
    }
    public func observe(_ scope: ObservationScope) async throws(HypervisorError) -> HostObservation {
        guard scope.isEmpty else { throw pending("observing pools and networks") }
        return try await observe()
    }
    public func definePool(_ xml: String) async throws(HypervisorError) { throw pending("definePool") }
    public func startPool(_ name: String) async throws(HypervisorError) { throw pending("startPool") }
    public func stopPool(_ name: String) async throws(HypervisorError) { throw pending("stopPool") }
    public func undefinePool(_ name: String) async throws(HypervisorError) { throw pending("undefinePool") }
    public func setPoolAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError) {
        throw pending("setPoolAutostart")
    }
    public func createVolume(in pool: String, xml: String) async throws(HypervisorError) { throw pending("createVolume") }
    public func cloneVolume(in pool: String, xml: String, from source: VolumeReference) async throws(HypervisorError) {
        throw pending("cloneVolume")
    }
    public func upload(
        _ source: UploadSource, to volume: VolumeReference, progress: @escaping @Sendable (UInt64) -> Void
    ) async throws(HypervisorError) { throw pending("upload") }
    public func resizeVolume(_ volume: VolumeReference, capacity: UInt64) async throws(HypervisorError) {
        throw pending("resizeVolume")
    }
    public func deleteVolume(_ volume: VolumeReference) async throws(HypervisorError) { throw pending("deleteVolume") }
    public func defineNetwork(_ xml: String) async throws(HypervisorError) { throw pending("defineNetwork") }
    public func startNetwork(_ name: String) async throws(HypervisorError) { throw pending("startNetwork") }
    public func stopNetwork(_ name: String) async throws(HypervisorError) { throw pending("stopNetwork") }
    public func undefineNetwork(_ name: String) async throws(HypervisorError) { throw pending("undefineNetwork") }
    public func setNetworkAutostart(_ name: String, _ autostart: Bool) async throws(HypervisorError) {
        throw pending("setNetworkAutostart")
    }
    public func updateNetworkDHCPHost(_ network: String, _ change: DHCPHostChange, hostXML: String)
        async throws(HypervisorError)
    { throw pending("updateNetworkDHCPHost") }
}
