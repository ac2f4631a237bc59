// swift-tools-version:6.0
// libFuzzer targets, one per decoder of untrusted input. Built apart from the main package because
// each target's entry point comes from libFuzzer (-sanitize=fuzzer); scripts/fuzz builds and runs them.
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the checkout is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let fuzzing = Target.Dependency.product(name: "VirtFleetFuzzing", package: root)

let package = Package(
    name: "virtfleet-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzInventory", dependencies: [fuzzing]),
        .executableTarget(
            name: "FuzzExpression", dependencies: [fuzzing]),
        .executableTarget(
            name: "FuzzRawXML", dependencies: [fuzzing]),
        .executableTarget(name: "FuzzRPC", dependencies: [fuzzing]),
        .executableTarget(
            name: "FuzzPlanFile", dependencies: [fuzzing]),
    ],
    swiftLanguageModes: [.v6]
)
