import Foundation

/// POSIX shell quoting for one word of a command line run by a remote shell or by OpenSSH
/// (`ProxyCommand`, the exec channel's command). Words of plain ASCII letters, digits and
/// `-_./=@:,` stay as they are; anything else, the empty word included, is single-quoted,
/// with each `'` written as `'\''`.
public enum ShellQuote {
    static let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=@:,")

    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
