import VirtFleetDiagnostics
import VirtFleetDomain
import VirtFleetInventory

/// The inventory's pools and images as guests use them: each host's pools (host over group over
/// fleet), each image's local file read once, and a guest's volume requests turned into
/// `DesiredVolume`s on its host.
struct ResourceCatalog {
    let inventory: Inventory
    /// Per host, its pools by name.
    private let pools: [String: [String: PoolDeclaration]]
    /// Per image name, what its local file holds, or why it could not be read.
    let images: [String: Result<LocalImage, Diagnostic>]

    init(inventory: Inventory) {
        self.inventory = inventory
        var pools: [String: [String: PoolDeclaration]] = [:]
        for host in inventory.hosts {
            pools[host.name] = Dictionary(inventory.pools(on: host.name).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        self.pools = pools
        var images: [String: Result<LocalImage, Diagnostic>] = [:]
        for image in inventory.images {
            do {
                images[image.name] = .success(try LocalImage.read(image))
            } catch let problem as Diagnostic {
                images[image.name] = .failure(problem)
            } catch {
                images[image.name] = .failure(Diagnostic(String(describing: error), at: image.pathLocation))
            }
        }
        self.images = images
    }

    /// Problems with the declared images' files, once each.
    var imageProblems: [Diagnostic] {
        inventory.images.compactMap { image in
            if case .failure(let problem) = images[image.name] { return problem }
            return nil
        }
    }

    /// The pool `name` on `host`, which a guest's `what` (at `location`) needs: declared for the
    /// host, and active unless `removing` (the volumes of a guest declared absent are only ever
    /// deleted, so its pool may be going in the same run).
    func pool(_ name: String, on host: String, at location: SourceLocation, for what: String, removing: Bool = false) throws
        -> PoolDeclaration
    {
        let known = pools[host] ?? [:]
        guard let pool = known[name] else {
            let other = Suggestion.closest(to: name, in: known.keys.sorted())
            throw Diagnostic(
                "\(what) uses pool '\(name)', which is not declared for host '\(host)'", at: location,
                hint: other.map { "did you mean '\($0)'?" }
                    ?? "declare it under 'pools:' at the top level, in a group of '\(host)', or under hosts.\(host)")
        }
        if removing { return pool }
        if pool.state == .absent {
            throw Diagnostic(
                "\(what) uses pool '\(name)', which is declared absent for host '\(host)' (\(pool.location))", at: location,
                hint: "declare the pool active, or move the volume to another pool")
        }
        if pool.state == .defined {
            throw Diagnostic(
                "\(what) uses pool '\(name)', which is declared 'state: defined' for host '\(host)' (\(pool.location)): libvirt makes volumes only in a started pool",
                at: location, hint: "declare the pool active (the default), or move the volume to another pool")
        }
        return pool
    }

    /// The declared image `name`, for a volume at `location`.
    func image(_ name: String, at location: SourceLocation) throws -> ImageDeclaration {
        guard let image = inventory.image(named: name) else {
            let known = inventory.images.map(\.name)
            throw Diagnostic(
                "image '\(name)' is not declared", at: location,
                hint: Suggestion.closest(to: name, in: known).map { "did you mean '\($0)'?" }
                    ?? "declare it under 'images:' at the top level of an inventory file")
        }
        return image
    }

    /// A guest's volume on `host`: its path in the pool, capacity (the image's virtual size unless
    /// declared, never smaller), and `<volume>` document.
    /// - Parameter removing: the guest is declared absent (see `pool`).
    func volume(_ request: VolumeRequest, host: String, removing: Bool = false) throws -> DesiredVolume {
        let pool = try pool(request.pool, on: host, at: request.poolLocation, for: "volume '\(request.name)'", removing: removing)
        let path = pool.path + "/" + request.name
        func capacity(from image: ImageDeclaration, at location: SourceLocation) throws -> UInt64 {
            guard case .success(let local) = images[image.name] else { return request.capacity ?? 0 }
            // QEMU sizes disks in 512-byte sectors and rounds a raw file's odd size up: the default
            // is that rounded size, or every later plan would see the volume "larger than declared".
            guard let declared = request.capacity else { return (local.virtualSize + 511) / 512 * 512 }
            guard declared >= local.virtualSize else {
                throw Diagnostic(
                    "capacity of \(declared) bytes is smaller than image '\(image.name)' (\(local.virtualSize) bytes)",
                    at: request.capacityLocation ?? location,
                    hint: "give at least \(local.virtualSize) bytes, or leave 'capacity' out to use the image's size")
            }
            return declared
        }
        switch request.source {
        case .empty:
            let bytes = request.capacity ?? 0
            return DesiredVolume(
                pool: pool.name, name: request.name, path: path, capacity: bytes, format: request.format.rawValue, source: .empty,
                xml: ResourceXML.volume(name: request.name, capacity: bytes, format: request.format.rawValue),
                capacityLocation: request.capacityLocation ?? request.location)
        case .backing(let name, let at):
            let image = try image(name, at: at)
            let imagePool = try self.pool(image.pool, on: host, at: at, for: "image '\(image.name)'", removing: removing)
            let bytes = try capacity(from: image, at: at)
            return DesiredVolume(
                pool: pool.name, name: request.name, path: path, capacity: bytes, format: request.format.rawValue,
                source: .overlay(image: image.name),
                xml: ResourceXML.volume(
                    name: request.name, capacity: bytes, format: request.format.rawValue,
                    backing: (imagePool.path + "/" + image.volume, image.format.rawValue)),
                capacityLocation: request.capacityLocation ?? at)
        case .clone(let name, let at):
            let image = try image(name, at: at)
            _ = try self.pool(image.pool, on: host, at: at, for: "image '\(image.name)'", removing: removing)
            let bytes = try capacity(from: image, at: at)
            return DesiredVolume(
                pool: pool.name, name: request.name, path: path, capacity: bytes, format: request.format.rawValue,
                source: .clone(image: image.name),
                xml: ResourceXML.volume(name: request.name, capacity: bytes, format: request.format.rawValue),
                capacityLocation: request.capacityLocation ?? at)
        }
    }
}
