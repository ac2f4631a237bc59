extension String {
    /// Multi-line messages (QEMU's stderr inside libvirt errors) folded onto one line.
    var oneLine: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | ")
    }
}
