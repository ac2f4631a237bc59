/// Why a byte sequence is not the XDR value it was expected to be.
public enum XDRError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(needed: Int, available: Int, offset: Int)
    case invalidBool(UInt32, offset: Int)
    case lengthTooLarge(Int, offset: Int)
    case invalidUTF8(offset: Int)
    case trailingBytes(Int)
    case invalidValue(String, offset: Int)

    public var description: String {
        switch self {
        case let .truncated(needed, available, offset):
            "XDR data truncated at byte \(offset): needed \(needed) bytes, \(available) left"
        case let .invalidBool(value, offset): "XDR boolean at byte \(offset) is \(value), not 0 or 1"
        case let .lengthTooLarge(length, offset): "XDR length \(length) at byte \(offset) exceeds the limit"
        case let .invalidUTF8(offset): "XDR string at byte \(offset) is not valid UTF-8"
        case let .trailingBytes(count): "\(count) unexpected bytes after the XDR value"
        case let .invalidValue(what, offset): "invalid \(what) at byte \(offset)"
        }
    }
}
