import VirtFleetDiagnostics

/// Host, group and fleet names end up in file names and libvirt metadata: keep them plain.
enum Names {
    static func check(_ name: String, what: String, at location: SourceLocation) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.allSatisfy(allowed.contains), !name.hasPrefix(".") else {
            throw Diagnostic("'\(name)' is not a valid \(what) name", at: location,
                             hint: "use letters, digits, '.', '_' and '-'")
        }
    }
}
