import CLibSSH

/// Typed access to `ssh_options_set`/`ssh_options_get`, whose C signatures take
/// and return untyped pointers.
struct LibSSHOptions {
    let session: OpaquePointer

    func set(_ option: ssh_options_e, _ value: String?) -> Bool {
        guard let value else { return ssh_options_set(session, option, nil) == SSH_OK }
        return value.withCString { ssh_options_set(session, option, $0) == SSH_OK }
    }

    func set(_ option: ssh_options_e, int value: Int32) -> Bool {
        var value = value
        return ssh_options_set(session, option, &value) == SSH_OK
    }

    func set(_ option: ssh_options_e, long value: Int) -> Bool {
        var value = value
        return ssh_options_set(session, option, &value) == SSH_OK
    }

    func set(_ option: ssh_options_e, uint value: UInt32) -> Bool {
        var value = value
        return ssh_options_set(session, option, &value) == SSH_OK
    }

    func get(_ option: ssh_options_e) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ssh_options_get(session, option, &value) == SSH_OK, let value else { return nil }
        defer { ssh_string_free_char(value) }
        return String(cString: value)
    }

    var port: Int? {
        var port: UInt32 = 0
        return ssh_options_get_port(session, &port) == SSH_OK ? Int(port) : nil
    }

    /// Sets a blocking-call timeout (libssh takes seconds and microseconds separately).
    func setTimeout(_ duration: Duration) -> Bool {
        let (seconds, attoseconds) = duration.components
        return set(SSH_OPTIONS_TIMEOUT, long: Int(seconds))
            && set(SSH_OPTIONS_TIMEOUT_USEC, long: Int(attoseconds / 1_000_000_000_000))
    }
}
