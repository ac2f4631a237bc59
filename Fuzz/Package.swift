// swift-tools-version:6.0
// libFuzzer targets, one per decoder of untrusted input. Built apart from the main package because
// each target links libFuzzer's driver (libclang_rt.fuzzer_no_main); scripts/fuzz builds and runs them.
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is whatever the checkout is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let fuzzing = Target.Dependency.product(name: "VirtFleetFuzzing", package: root)

let package = Package(
    name: "virtfleet-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "FuzzInventory", dependencies: [fuzzing, "CFuzzDriver"]),
        .executableTarget(
            name: "FuzzExpression", dependencies: [fuzzing, "CFuzzDriver"]),
        .executableTarget(
            name: "FuzzRawXML", dependencies: [fuzzing, "CFuzzDriver"]),
        .executableTarget(name: "FuzzRPC", dependencies: [fuzzing, "CFuzzDriver"]),
        .executableTarget(
            name: "FuzzPlanFile", dependencies: [fuzzing, "CFuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
