/// What a finished remote command left behind.
public struct SSHCommandResult: Sendable, Equatable {
    /// The command's exit status; -1 when it died by a signal or the server sent none.
    public var exitStatus: Int32
    /// The signal that ended the command (e.g. `KILL`), if any.
    public var exitSignal: String?
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public init(exitStatus: Int32, exitSignal: String? = nil, stdout: [UInt8], stderr: [UInt8]) {
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
        self.stdout = stdout
        self.stderr = stderr
    }
}
