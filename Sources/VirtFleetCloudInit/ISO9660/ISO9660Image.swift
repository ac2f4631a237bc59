/// A single-directory ISO 9660 (ECMA-119) image with Rock Ridge and Joliet names, the shape
/// `genisoimage -J -r` gives a folder of a few small files. It writes only what a NoCloud seed
/// needs: one root directory of at most one block, no subdirectories, files up to 4 GiB − 1.
///
/// Layout (2048-byte blocks):
///
/// | block | holds |
/// |---|---|
/// | 0–15 | system area (zeros) |
/// | 16 | primary volume descriptor |
/// | 17 | Joliet supplementary volume descriptor (UCS-2 level 3) |
/// | 18 | volume descriptor set terminator |
/// | 19, 20 | primary path table, little- and big-endian |
/// | 21, 22 | Joliet path table, little- and big-endian |
/// | 23 | primary root directory, with Rock Ridge entries |
/// | 24 | Joliet root directory |
/// | 25 | Rock Ridge continuation area (the `ER` entry) |
/// | 26… | each file's data, from a block boundary, in the order given |
/// | last 150 | zeros, as mkisofs and xorriso pad by default for readers that read ahead |
///
/// Both directory trees point at the same file data. Every time field holds one `SeedTimestamp`.
struct ISO9660Image {
    struct File {
        /// The ISO 9660 level 1 identifier: up to 8 `A–Z 0–9 _`, a dot, up to 3 more, `;1`.
        var identifier: String
        /// The name Rock Ridge and Joliet readers show: printable ASCII, no `/`, 1–64 characters.
        var name: String
        var contents: [UInt8]
    }

    /// Letters, digits and `_`, 1–16 characters (the Joliet field holds 16 UCS-2 characters).
    var volumeIdentifier: String
    /// The primary descriptor's application identifier (uppercase ISO a-characters).
    var applicationIdentifier: String
    var files: [File]
    var timestamp: SeedTimestamp

    static let blockSize = 2048
    static let trailingPaddingBlocks = 150
    static let firstFileBlock = 26
    /// The largest directory this writer lays out: one block.
    static let maximumDirectoryBytes = blockSize

    private enum Block {
        static let primaryDescriptor = 16
        static let jolietDescriptor = 17
        static let terminator = 18
        static let primaryPathTableL = 19
        static let primaryPathTableM = 20
        static let jolietPathTableL = 21
        static let jolietPathTableM = 22
        static let primaryRoot = 23
        static let jolietRoot = 24
        static let continuation = 25
    }

    /// The blocks an image of files of these sizes takes, or nil when the count overflows.
    static func blockCount(fileSizes: [Int]) -> Int? {
        var next = firstFileBlock
        for size in fileSizes {
            guard let blocks = blocks(forBytes: size) else { return nil }
            let (sum, overflow) = next.addingReportingOverflow(blocks)
            guard !overflow else { return nil }
            next = sum
        }
        let (total, overflow) = next.addingReportingOverflow(trailingPaddingBlocks)
        return overflow ? nil : total
    }

    private static func blocks(forBytes size: Int) -> Int? {
        guard size >= 0 else { return nil }
        let (padded, overflow) = size.addingReportingOverflow(blockSize - 1)
        return overflow ? nil : padded / blockSize
    }

    func bytes() throws(NoCloudSeedError) -> [UInt8] {
        try checkNames()
        guard let totalBlocks = Self.blockCount(fileSizes: files.map(\.contents.count)),
            let volumeBlocks = UInt32(exactly: totalBlocks)
        else { throw .layout("the image's block count overflows") }
        let (imageBytes, overflow) = totalBlocks.multipliedReportingOverflow(by: Self.blockSize)
        guard !overflow else { throw .layout("the image's byte count overflows") }

        // Each file's extent: (first block, byte length). An empty file points at the next free
        // block and takes none, as genisoimage does.
        var extents: [(block: UInt32, length: UInt32)] = []
        var next = Self.firstFileBlock
        for file in files {
            guard let block = UInt32(exactly: next), let length = UInt32(exactly: file.contents.count),
                let blocks = Self.blocks(forBytes: file.contents.count)
            else { throw .layout("file \(file.name) does not fit a 32-bit extent") }
            extents.append((block, length))
            let (sum, overflow) = next.addingReportingOverflow(blocks)
            guard !overflow else { throw .layout("the file extents overflow") }
            next = sum
        }

        var image = [UInt8](repeating: 0, count: imageBytes)
        func place(_ bytes: [UInt8], atBlock block: Int) throws(NoCloudSeedError) {
            let (start, startOverflow) = block.multipliedReportingOverflow(by: Self.blockSize)
            let (end, endOverflow) = start.addingReportingOverflow(bytes.count)
            guard !startOverflow, !endOverflow, start >= 0, end <= image.count else {
                throw .layout("\(bytes.count) bytes at block \(block) pass the image's end")
            }
            image.replaceSubrange(start..<end, with: bytes)
        }

        let recorded = recordedDate
        let primaryRoot = try Self.directoryRecord(
            identifier: [0], block: UInt32(Block.primaryRoot), length: UInt32(Self.blockSize), isDirectory: true,
            recorded: recorded, systemUse: [])
        let jolietRoot = try Self.directoryRecord(
            identifier: [0], block: UInt32(Block.jolietRoot), length: UInt32(Self.blockSize), isDirectory: true,
            recorded: recorded, systemUse: [])

        try place(
            try volumeDescriptor(
                joliet: false, volumeBlocks: volumeBlocks, rootRecord: primaryRoot,
                pathTables: (UInt32(Block.primaryPathTableL), UInt32(Block.primaryPathTableM))),
            atBlock: Block.primaryDescriptor)
        try place(
            try volumeDescriptor(
                joliet: true, volumeBlocks: volumeBlocks, rootRecord: jolietRoot,
                pathTables: (UInt32(Block.jolietPathTableL), UInt32(Block.jolietPathTableM))),
            atBlock: Block.jolietDescriptor)
        try place([255] + Array("CD001".utf8) + [1], atBlock: Block.terminator)
        try place(Self.pathTable(root: UInt32(Block.primaryRoot), bigEndian: false), atBlock: Block.primaryPathTableL)
        try place(Self.pathTable(root: UInt32(Block.primaryRoot), bigEndian: true), atBlock: Block.primaryPathTableM)
        try place(Self.pathTable(root: UInt32(Block.jolietRoot), bigEndian: false), atBlock: Block.jolietPathTableL)
        try place(Self.pathTable(root: UInt32(Block.jolietRoot), bigEndian: true), atBlock: Block.jolietPathTableM)
        try place(try primaryDirectory(extents: extents, recorded: recorded), atBlock: Block.primaryRoot)
        try place(try jolietDirectory(extents: extents, recorded: recorded), atBlock: Block.jolietRoot)
        try place(RockRidge.extensionReference, atBlock: Block.continuation)
        for (file, extent) in zip(files, extents) {
            try place(file.contents, atBlock: Int(extent.block))
        }
        return image
    }

    // MARK: Directories

    /// The primary root: ".", "..", then the files in ECMA-119 9.3 order, each with Rock Ridge
    /// entries (the root's "." also starts SUSP and points at the `ER` entry).
    private func primaryDirectory(extents: [(block: UInt32, length: UInt32)], recorded: [UInt8]) throws(NoCloudSeedError)
        -> [UInt8]
    {
        let times = RockRidge.timestamps(recorded)
        let directoryAttributes = RockRidge.posixAttributes(mode: RockRidge.directoryMode, links: 2)
        let extensionLength = UInt32(RockRidge.extensionReference.count)
        var records: [[UInt8]] = [
            try Self.directoryRecord(
                identifier: [0], block: UInt32(Block.primaryRoot), length: UInt32(Self.blockSize), isDirectory: true,
                recorded: recorded,
                systemUse: RockRidge.sharingProtocol + directoryAttributes + times
                    + RockRidge.continuation(block: UInt32(Block.continuation), offset: 0, length: extensionLength)),
            try Self.directoryRecord(
                identifier: [1], block: UInt32(Block.primaryRoot), length: UInt32(Self.blockSize), isDirectory: true,
                recorded: recorded, systemUse: directoryAttributes + times),
        ]
        let order = files.indices.sorted { Self.ecma119Precedes(files[$0].identifier, files[$1].identifier) }
        for index in order {
            let file = files[index]
            records.append(
                try Self.directoryRecord(
                    identifier: Array(file.identifier.utf8), block: extents[index].block, length: extents[index].length,
                    isDirectory: false, recorded: recorded,
                    systemUse: try RockRidge.alternateName(Array(file.name.utf8))
                        + RockRidge.posixAttributes(mode: RockRidge.fileMode, links: 1) + times))
        }
        return try Self.directoryBlock(records)
    }

    /// The Joliet root: ".", "..", then the files by their UCS-2 names, without version suffix.
    private func jolietDirectory(extents: [(block: UInt32, length: UInt32)], recorded: [UInt8]) throws(NoCloudSeedError)
        -> [UInt8]
    {
        var records: [[UInt8]] = [
            try Self.directoryRecord(
                identifier: [0], block: UInt32(Block.jolietRoot), length: UInt32(Self.blockSize), isDirectory: true,
                recorded: recorded, systemUse: []),
            try Self.directoryRecord(
                identifier: [1], block: UInt32(Block.jolietRoot), length: UInt32(Self.blockSize), isDirectory: true,
                recorded: recorded, systemUse: []),
        ]
        let order = files.indices.sorted { Array(files[$0].name.utf16).lexicographicallyPrecedes(files[$1].name.utf16) }
        for index in order {
            records.append(
                try Self.directoryRecord(
                    identifier: Array(files[index].name.utf8).ucs2BigEndian, block: extents[index].block,
                    length: extents[index].length, isDirectory: false, recorded: recorded, systemUse: []))
        }
        return try Self.directoryBlock(records)
    }

    private static func directoryBlock(_ records: [[UInt8]]) throws(NoCloudSeedError) -> [UInt8] {
        let bytes = records.flatMap { $0 }
        guard bytes.count <= maximumDirectoryBytes else {
            throw .layout("the root directory takes \(bytes.count) bytes, more than one block")
        }
        return bytes
    }

    /// ECMA-119 9.1: one directory record, padded to an even length.
    static func directoryRecord(
        identifier: [UInt8], block: UInt32, length: UInt32, isDirectory: Bool, recorded: [UInt8], systemUse: [UInt8]
    ) throws(NoCloudSeedError) -> [UInt8] {
        let identifierPadding = identifier.count.isMultiple(of: 2) ? 1 : 0
        let unpadded = 33 + identifier.count + identifierPadding + systemUse.count
        let tail = unpadded % 2
        guard unpadded + tail <= 255, recorded.count == 7 else {
            throw .layout("a directory record of \(unpadded + tail) bytes")
        }
        var record = ByteBuilder()
        record.byte(UInt8(unpadded + tail))
        record.byte(0)  // extended attribute record length
        record.bothEndian32(block)
        record.bothEndian32(length)
        record.append(recorded)
        record.byte(isDirectory ? 0x02 : 0x00)
        record.byte(0)  // file unit size
        record.byte(0)  // interleave gap
        record.bothEndian16(1)  // volume sequence number
        record.byte(UInt8(identifier.count))
        record.append(identifier)
        record.zeros(identifierPadding)
        record.append(systemUse)
        record.zeros(tail)
        return record.bytes
    }

    /// ECMA-119 9.3: identifiers compare by name, then extension, each padded with spaces
    /// (version numbers are all 1 here).
    static func ecma119Precedes(_ left: String, _ right: String) -> Bool {
        func parts(_ identifier: String) -> (name: [UInt8], extension: [UInt8]) {
            let withoutVersion = identifier.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let pieces = withoutVersion.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            return (Array(pieces[0].utf8), pieces.count > 1 ? Array(pieces[1].utf8) : [])
        }
        func padded(_ a: [UInt8], _ b: [UInt8]) -> ([UInt8], [UInt8]) {
            let width = max(a.count, b.count)
            return (
                a + [UInt8](repeating: 0x20, count: width - a.count), b + [UInt8](repeating: 0x20, count: width - b.count)
            )
        }
        let (l, r) = (parts(left), parts(right))
        let (leftName, rightName) = padded(l.name, r.name)
        if leftName != rightName { return leftName.lexicographicallyPrecedes(rightName) }
        let (leftExtension, rightExtension) = padded(l.extension, r.extension)
        return leftExtension.lexicographicallyPrecedes(rightExtension)
    }

    // MARK: Descriptors and path tables

    /// ECMA-119 8.4 (primary) and 8.5 (supplementary, Joliet: escape sequence `%/E`, UCS-2
    /// level 3, identifiers in UCS-2 big-endian padded with UCS-2 spaces).
    private func volumeDescriptor(
        joliet: Bool, volumeBlocks: UInt32, rootRecord: [UInt8], pathTables: (little: UInt32, big: UInt32)
    ) throws(NoCloudSeedError) -> [UInt8] {
        func text(_ value: String, width: Int, into descriptor: inout ByteBuilder) throws(NoCloudSeedError) {
            let ascii = Array(value.utf8)
            if joliet {
                try descriptor.field(ascii.ucs2BigEndian, width: width, fill: [0x00, 0x20])
            } else {
                try descriptor.field(ascii, width: width, fill: [0x20])
            }
        }
        var descriptor = ByteBuilder()
        descriptor.byte(joliet ? 2 : 1)
        descriptor.append(Array("CD001".utf8))
        descriptor.byte(1)  // version
        descriptor.byte(0)  // flags (Joliet) / unused
        try text("", width: 32, into: &descriptor)  // system identifier
        try text(volumeIdentifier, width: 32, into: &descriptor)
        descriptor.zeros(8)
        descriptor.bothEndian32(volumeBlocks)
        if joliet {
            try descriptor.field([0x25, 0x2F, 0x45], width: 32, fill: [0])
        } else {
            descriptor.zeros(32)
        }
        descriptor.bothEndian16(1)  // volume set size
        descriptor.bothEndian16(1)  // volume sequence number
        descriptor.bothEndian16(UInt16(Self.blockSize))
        descriptor.bothEndian32(UInt32(Self.pathTableBytes))
        descriptor.littleEndian32(pathTables.little)
        descriptor.littleEndian32(0)  // optional little-endian path table
        descriptor.bigEndian32(pathTables.big)
        descriptor.bigEndian32(0)  // optional big-endian path table
        descriptor.append(rootRecord)
        try text("", width: 128, into: &descriptor)  // volume set
        try text("", width: 128, into: &descriptor)  // publisher
        try text("", width: 128, into: &descriptor)  // data preparer
        try text(applicationIdentifier, width: 128, into: &descriptor)
        try text("", width: 37, into: &descriptor)  // copyright file
        try text("", width: 37, into: &descriptor)  // abstract file
        try text("", width: 37, into: &descriptor)  // bibliographic file
        descriptor.append(descriptorDate)  // creation
        descriptor.append(descriptorDate)  // modification
        descriptor.append(Self.unspecifiedDate)  // expiration
        descriptor.append(Self.unspecifiedDate)  // effective
        descriptor.byte(1)  // file structure version
        descriptor.zeros(1 + 512 + 653)  // reserved, application use, reserved
        guard descriptor.count == Self.blockSize else {
            throw .layout("a volume descriptor of \(descriptor.count) bytes")
        }
        return descriptor.bytes
    }

    static let pathTableBytes = 10

    /// ECMA-119 9.4: the one entry of a root-only tree.
    static func pathTable(root: UInt32, bigEndian: Bool) -> [UInt8] {
        var table = ByteBuilder()
        table.byte(1)  // length of the directory identifier
        table.byte(0)  // extended attribute record length
        if bigEndian {
            table.bigEndian32(root)
            table.bigEndian16(1)
        } else {
            table.littleEndian32(root)
            table.littleEndian16(1)
        }
        table.append([0, 0])  // the root's identifier, then padding to an even length
        return table.bytes
    }

    // MARK: Dates and names

    /// ECMA-119 9.1.5: years since 1900, month, day, hour, minute, second, UTC offset 0.
    var recordedDate: [UInt8] {
        let civil = timestamp.civil
        return [civil.year - 1900, civil.month, civil.day, civil.hour, civil.minute, civil.second, 0].map {
            UInt8(truncatingIfNeeded: $0)
        }
    }

    /// ECMA-119 8.4.26.1: "YYYYMMDDHHMMSScc" in digits, then the UTC offset (0).
    var descriptorDate: [UInt8] {
        let civil = timestamp.civil
        func digits(_ value: Int, _ width: Int) -> [UInt8] {
            let text = String(value)
            return Array((String(repeating: "0", count: max(0, width - text.count)) + text).utf8)
        }
        return digits(civil.year, 4) + digits(civil.month, 2) + digits(civil.day, 2) + digits(civil.hour, 2)
            + digits(civil.minute, 2) + digits(civil.second, 2) + digits(0, 2) + [0]
    }

    static let unspecifiedDate: [UInt8] = Array("0000000000000000".utf8) + [0]

    /// The writer's own rules for its fixed names; a broken one is a writer bug, not user input.
    private func checkNames() throws(NoCloudSeedError) {
        func isDCharacter(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
        let volume = Array(volumeIdentifier.utf8)
        guard (1...16).contains(volume.count),
            volume.allSatisfy({ isDCharacter($0) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { throw .layout("volume identifier '\(volumeIdentifier)'") }
        let application = Array(applicationIdentifier.utf8)
        guard application.count <= 64, application.allSatisfy({ isDCharacter($0) || $0 == 0x20 }) else {
            throw .layout("application identifier '\(applicationIdentifier)'")
        }
        for file in files {
            let parts = file.identifier.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].hasSuffix(";1") else { throw .layout("ISO 9660 identifier '\(file.identifier)'") }
            let name = Array(parts[0].utf8)
            let fileExtension = Array(parts[1].utf8.dropLast(2))
            guard (1...8).contains(name.count), fileExtension.count <= 3, name.allSatisfy(isDCharacter),
                fileExtension.allSatisfy(isDCharacter)
            else { throw .layout("ISO 9660 identifier '\(file.identifier)'") }
            let long = Array(file.name.utf8)
            guard (1...64).contains(long.count), long.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "/") }) else {
                throw .layout("file name '\(file.name)'")
            }
        }
        guard Set(files.map(\.identifier)).count == files.count, Set(files.map(\.name)).count == files.count else {
            throw .layout("two files share a name")
        }
    }
}
