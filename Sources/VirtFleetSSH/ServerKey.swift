import CLibSSH

/// The host key the server presented, reduced to what an operator compares:
/// its type and its SHA256 fingerprint in OpenSSH's notation.
struct ServerKey {
    /// As libssh names it, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`.
    let type: String
    /// `SHA256:…`, exactly as `ssh-keygen -l` prints it.
    let fingerprint: String
    /// The public key blob in base64, as known_hosts lines hold it.
    let base64: String

    init(session: OpaquePointer, endpoint: String) throws {
        var key: OpaquePointer?
        guard ssh_get_server_publickey(session, &key) == SSH_OK, let key else {
            throw SSHError(.hostKeyCheck, host: endpoint, "the server sent no host key")
        }
        defer { ssh_key_free(key) }
        type = ssh_key_type_to_char(ssh_key_type(key)).map { String(cString: $0) } ?? "unknown"
        var blob: UnsafeMutablePointer<CChar>?
        guard ssh_pki_export_pubkey_base64(key, &blob) == SSH_OK, let blob else {
            throw SSHError(.hostKeyCheck, host: endpoint, "cannot read the server's host key")
        }
        base64 = String(cString: blob)
        ssh_string_free_char(blob)
        var hash: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == SSH_OK, let hash else {
            throw SSHError(.hostKeyCheck, host: endpoint, "cannot hash the server's host key")
        }
        defer {
            var hash: UnsafeMutablePointer<UInt8>? = hash
            ssh_clean_pubkey_hash(&hash)
        }
        guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length) else {
            throw SSHError(.hostKeyCheck, host: endpoint, "cannot format the host key fingerprint")
        }
        defer { ssh_string_free_char(text) }
        fingerprint = String(cString: text)
    }

    /// `ED25519`, `ECDSA`, `RSA` — as OpenSSH words it in messages.
    var displayType: String { scanType.uppercased() }

    /// The `ssh-keyscan -t` name.
    var scanType: String {
        if type.hasPrefix("ecdsa") { return "ecdsa" }
        if type.hasPrefix("ssh-") { return String(type.dropFirst(4)) }
        return type
    }
}
