/// A bidirectional byte stream to a libvirt daemon. The RPC client only needs bytes in
/// and out, so it knows nothing about SSH, pipes or sockets; each transport implements this.
///
/// `read()` is called by one reader at a time; `write` calls may come from several tasks
/// but the connection serialises them.
public protocol ByteStream: Sendable {
    func write(_ bytes: [UInt8]) async throws
    func read() async throws -> [UInt8]?  // next chunk; nil at end of stream
    func close() async
}
