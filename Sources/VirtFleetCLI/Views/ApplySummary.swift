import VirtFleetApply
import VirtFleetPlan

/// The closing lines of `apply`: per host what was done and what failed, and why.
enum ApplySummary {
    static func render(_ report: ApplyReport, plan: Plan) -> String {
        var text = "\n"
        for host in report.hosts {
            if let failure = host.failure {
                text += "\(Printable.text(host.host)): not applied — \(Printable.line(ApplyWording.failure(failure)))\n"
                continue
            }
            let failed = host.outcomes.filter { $0.failure != nil }
            text += "\(Printable.text(host.host)): \(host.outcomes.count - failed.count) done, \(failed.count) failed\n"
            for outcome in failed {
                let subject = outcome.resource.map { "\($0.rawValue) \(Printable.text(outcome.guest))" } ?? Printable.text(outcome.guest)
                text +=
                    "  \(subject): \(outcome.step.rawValue) failed: \(Printable.line(outcome.failure.map(ApplyWording.failure) ?? ""))\n"
            }
        }
        for entry in plan.entries where entry.action == .conflict {
            text +=
                "\(Printable.text(entry.host)): \(Printable.text(entry.guest)): conflict — \(Printable.line(PlanWording.reason(entry)))\n"
        }
        // Resources the plan left alone because they are in conflict or in error.
        for host in plan.hosts {
            for resource in host.resources where resource.action.isError {
                text +=
                    "\(Printable.text(host.host)): \(Printable.text(ResourceWording.label(resource))): \(resource.action.rawValue) — "
                    + "\(Printable.line(ResourceWording.reason(resource)))\n"
            }
        }
        text +=
            report.failed || plan.hasErrors
            ? "Apply finished with errors: \(report.succeededCount) actions done, \(report.failedCount) failed.\n"
            : "Apply complete: \(report.succeededCount) actions done.\n"
        return text
    }
}

/// Apply's failures in words.
enum ApplyWording {
    static func failure(_ failure: ApplyFailure) -> String {
        switch failure {
        case .hypervisor(let error): error.message
        case .notKept(let dropped):
            "libvirt did not keep what the inventory asks for: " + dropped.prefix(5).map(\.description).joined(separator: "; ")
        case .noLongerOwned: "refused: the domain of that name is no longer the one this fleet manages"
        case .appearedSincePlan: "refused: a domain of that name was defined since the plan was made; plan again"
        case .definitionMismatch(let mismatch):
            "refused: the plan's document " + words(mismatch) + " — the plan file was edited; plan again"
        case .oldCopyRemains(let host): "not created: its old copy on \(host) was not removed"
        case .unreadableReadback(let detail): "libvirt's read-back could not be parsed: \(detail)"
        case .cancelled: "cancelled"
        case .dependencyFailed(let dependency):
            switch dependency {
            case .pool(let pool): "not done: pool \(pool) was not made"
            case .image(let image): "not done: image \(image) was not uploaded"
            case .volume(let volume): "not done: \(volume) was not made"
            }
        case .poolNotEmpty(let count): "refused: the pool holds \(count) volume\(count == 1 ? "" : "s") now"
        case .networkInUse(let guests): "refused: running guests use the network now (\(guests.joined(separator: ", ")))"
        case .imageFileChanged(let planned, let found):
            "refused: the image file is \(found.map { "\($0) bytes" } ?? "unreadable"), the plan uploads \(planned) bytes; plan again"
        case .seedUnavailable:
            "refused: the inventory no longer renders the cloud-init seed the plan uploads; plan again"
        }
    }

    private static func words(_ mismatch: DefinitionMismatch) -> String {
        switch mismatch {
        case .name(let name): "defines '\(name ?? "no name")', not this guest"
        case .owner: "does not carry this fleet's mark for this guest"
        case .hash: "does not match the hash recorded beside it"
        case .uuid(let uuid): "has UUID \(uuid ?? "none"), not the planned domain's"
        }
    }

    static func failure(_ failure: HostFailure) -> String {
        switch failure {
        case .unreachableWhenPlanned(let error): "unreachable when planned (\(error.message))"
        case .unknownHost: "the plan holds no connection settings for this host"
        case .hypervisor(let error): error.message
        }
    }
}
