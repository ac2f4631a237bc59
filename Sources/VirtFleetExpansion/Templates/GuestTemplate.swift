import VirtFleetDiagnostics
import VirtFleetInventory

/// A template as found on disk, with its `extends` chain already resolved.
public enum GuestTemplate: Sendable {
    /// A structured YAML profile: the merged profile keys and the merged template `vars`.
    case structured(profile: ConfigNode, vars: [ConfigEntry], file: String)
    /// A raw domain XML document with `{{ … }}` interpolation.
    case raw(text: String, file: String)
}

/// Deep merge for `extends` and guest overrides: mappings merge key by key, the child wins;
/// lists and scalars are replaced whole (a child's `disks:` replaces the parent's). `cloud_init`
/// merges one level deep only: a child's `user_data` (or `user_data_file`) replaces the parent's
/// document whole, as a guest's `cloud_init:` does.
enum ProfileMerge {
    static func merge(_ base: ConfigNode, _ child: ConfigNode, topLevel: Bool = true) -> ConfigNode {
        guard let baseEntries = base.entries, let childEntries = child.entries else { return child }
        var merged = baseEntries
        for entry in childEntries {
            if let index = merged.firstIndex(where: { $0.key == entry.key }) {
                merged[index].value =
                    topLevel && entry.key == "cloud_init"
                    ? mergeCloudInit(merged[index].value, entry.value) : merge(merged[index].value, entry.value, topLevel: false)
                merged[index].keyLocation = entry.keyLocation
            } else {
                merged.append(entry)
            }
        }
        return ConfigNode(.mapping(merged), at: child.location)
    }

    /// `cloud_init` blocks key by key; `X` and `X_file` count as one key.
    static func mergeCloudInit(_ base: ConfigNode, _ child: ConfigNode) -> ConfigNode {
        guard let baseEntries = base.entries, let childEntries = child.entries else { return child }
        let logical = { (key: String) in key.hasSuffix("_file") ? String(key.dropLast(5)) : key }
        let replaced = Set(childEntries.map { logical($0.key) })
        let kept = baseEntries.filter { !replaced.contains(logical($0.key)) }
        return ConfigNode(.mapping(kept + childEntries), at: child.location)
    }

    static func merge(_ base: [ConfigEntry], _ child: [ConfigEntry]) -> [ConfigEntry] {
        var merged = base
        for entry in child {
            if let index = merged.firstIndex(where: { $0.key == entry.key }) {
                merged[index] = entry
            } else {
                merged.append(entry)
            }
        }
        return merged
    }
}
