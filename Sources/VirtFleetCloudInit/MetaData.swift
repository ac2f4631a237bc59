extension NoCloudSeed {
    /// The longest instance id `defaultMetaData` writes.
    public static let maximumInstanceIDLength = 128

    /// The default `meta-data` document:
    ///
    /// ```yaml
    /// instance-id: "3d5f1d0e-…"
    /// local-hostname: "web-01"
    /// ```
    ///
    /// cloud-init runs its first-boot modules once per instance id, and names a folder under
    /// `/var/lib/cloud/instances/` after it, so the id is 1–128 ASCII letters, digits, `.`, `_` and
    /// `-`, not starting with `.` (a guest's UUID qualifies). The host name is an RFC 1123 name as
    /// systemd and cloud-init accept it: dot-separated labels of 1–63 letters, digits and `-`, not
    /// starting or ending with `-`, at most 253 characters. Both values are double-quoted, so
    /// YAML never reads a name such as `1234`, `no` or `null` as anything but a string.
    public static func defaultMetaData(instanceID: String, localHostname: String) throws(NoCloudSeedError) -> String {
        try checkInstanceID(instanceID)
        try checkHostname(localHostname)
        return "instance-id: \"\(instanceID)\"\nlocal-hostname: \"\(localHostname)\"\n"
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// The default `local-hostname` for a guest: its name with every character a host name label
    /// cannot hold (anything but ASCII letters, digits and `-`; `.`, `_` and `+` included) turned
    /// into `-`, and `-` trimmed from both ends, so `web_01.eu` gives `web-01-eu`. Nil when nothing
    /// is left or more than 63 characters are (one label); the guest then needs an explicit
    /// `local-hostname`.
    public static func localHostname(forGuest name: String) -> String? {
        var bytes = name.unicodeScalars.map { scalar -> UInt8 in
            guard scalar.isASCII, isASCIIAlphanumeric(UInt8(scalar.value)) else { return UInt8(ascii: "-") }
            return UInt8(scalar.value)
        }
        while bytes.first == UInt8(ascii: "-") { bytes.removeFirst() }
        while bytes.last == UInt8(ascii: "-") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 63 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Throws unless `id` is an instance id `defaultMetaData` would write (see there).
    public static func checkInstanceID(_ id: String) throws(NoCloudSeedError) {
        let bytes = Array(id.utf8)
        guard !bytes.isEmpty else { throw .invalidInstanceID(id, reason: "it is empty") }
        guard bytes.count <= maximumInstanceIDLength else {
            throw .invalidInstanceID(id, reason: "it has \(bytes.count) bytes, more than \(maximumInstanceIDLength)")
        }
        guard bytes.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else { throw .invalidInstanceID(id, reason: "use ASCII letters, digits, '.', '_' and '-'") }
        guard bytes[0] != UInt8(ascii: ".") else { throw .invalidInstanceID(id, reason: "it starts with '.'") }
    }

    /// Throws unless `name` is an RFC 1123 host name (see `defaultMetaData`).
    public static func checkHostname(_ name: String) throws(NoCloudSeedError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else { throw .invalidHostname(name, reason: "it is empty") }
        guard bytes.count <= 253 else { throw .invalidHostname(name, reason: "it has \(bytes.count) characters, more than 253") }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw .invalidHostname(name, reason: "it has an empty label") }
            guard label.count <= 63 else {
                throw .invalidHostname(name, reason: "a label has \(label.count) characters, more than 63")
            }
            guard label.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else {
                throw .invalidHostname(name, reason: "use ASCII letters, digits and '-' between dots")
            }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
                throw .invalidHostname(name, reason: "a label starts or ends with '-'")
            }
        }
    }
}
