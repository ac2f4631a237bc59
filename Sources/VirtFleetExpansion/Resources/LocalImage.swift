import Foundation
import VirtFleetDiagnostics
import VirtFleetInventory

/// What expansion learns from a declared image's local file: its size (what is uploaded) and the
/// disk size a guest sees (a qcow2 header's virtual size; a raw file's own size), the default and
/// the floor for volumes made from it. Only the header is read; the checksum is the plan's job.
struct LocalImage: Sendable {
    var size: UInt64
    var virtualSize: UInt64

    /// qcow2's magic, `QFI\xfb`.
    static let qcow2Magic: [UInt8] = [0x51, 0x46, 0x49, 0xFB]

    static func read(_ image: ImageDeclaration) throws -> LocalImage {
        let at = image.pathLocation
        let attributes: [FileAttributeKey: Any]
        do {
            // A symbolic link is followed (images/current.qcow2 → a dated file is common).
            attributes = try FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: image.path).resolvingSymlinksInPath().path)
        } catch {
            throw Diagnostic(
                "image file '\(image.path)' does not exist or cannot be read", at: at,
                hint: "check the path (relative to this file) and its permissions")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular, let size = (attributes[.size] as? NSNumber)?.uint64Value else {
            throw Diagnostic("image path '\(image.path)' is not a regular file", at: at, hint: "name the image file itself")
        }
        guard let handle = FileHandle(forReadingAtPath: image.path) else {
            throw Diagnostic("image file '\(image.path)' cannot be read", at: at, hint: "check its permissions")
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 32)) ?? Data())
        let isQCOW2 = header.count >= 4 && Array(header[0..<4]) == qcow2Magic
        switch image.format {
        case .raw:
            if isQCOW2 {
                throw Diagnostic(
                    "image '\(image.name)' is declared raw but its file is a qcow2 image", at: image.formatLocation ?? image.location,
                    hint: "declare format: qcow2 (or leave 'format' out)")
            }
            guard size > 0 else { throw Diagnostic("image file '\(image.path)' is empty", at: at) }
            return LocalImage(size: size, virtualSize: size)
        case .qcow2:
            guard isQCOW2, header.count >= 32 else {
                throw Diagnostic(
                    "image file '\(image.path)' is not a qcow2 image", at: image.formatLocation ?? at,
                    hint: "declare format: raw for a raw disk image, or convert it with 'qemu-img convert -O qcow2'")
            }
            let version = bigEndian(header[4..<8])
            guard version == 2 || version == 3 else {
                throw Diagnostic("image file '\(image.path)' has qcow2 version \(version); QEMU reads versions 2 and 3", at: at)
            }
            guard bigEndian(header[8..<16]) == 0 else {
                throw Diagnostic(
                    "image file '\(image.path)' is itself an overlay (it names a backing file)", at: at,
                    hint: "upload a self-contained image: 'qemu-img convert -O qcow2 IN OUT' flattens it")
            }
            let virtualSize = bigEndian(header[24..<32])
            guard virtualSize > 0, virtualSize <= Capacity.maximum else {
                throw Diagnostic("image file '\(image.path)' has a qcow2 virtual size of \(virtualSize) bytes", at: at)
            }
            return LocalImage(size: size, virtualSize: virtualSize)
        }
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
