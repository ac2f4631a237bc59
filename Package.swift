// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "virtfleet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "virtfleet", targets: ["virtfleet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibSSH", pkgConfig: "libssh", providers: [.apt(["libssh-dev"])]),

        // Pipeline stages.
        .target(name: "VirtFleetDiagnostics"),
        .target(name: "VirtFleetDomain", dependencies: ["CLibXML2", "VirtFleetDiagnostics"]),
        .target(name: "VirtFleetInventory", dependencies: [
            "VirtFleetDiagnostics", .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "VirtFleetExpansion", dependencies: [
            "VirtFleetDiagnostics", "VirtFleetInventory", "VirtFleetDomain",
        ]),
        .target(name: "VirtFleetSSH", dependencies: ["CLibSSH"]),
        .target(name: "VirtFleetLibvirt"),
        .target(name: "VirtFleetObserve", dependencies: [
            "VirtFleetInventory", "VirtFleetDomain", "VirtFleetSSH", "VirtFleetLibvirt",
        ]),

        .target(name: "VirtFleetPlan", dependencies: [
            "VirtFleetDiagnostics", "VirtFleetDomain", "VirtFleetExpansion", "VirtFleetObserve", "VirtFleetInventory",
        ]),
        .target(name: "VirtFleetApply", dependencies: [
            "VirtFleetPlan", "VirtFleetObserve", "VirtFleetDomain", "VirtFleetInventory",
        ]),

        // The command-line front: wiring and exit codes only.
        .executableTarget(name: "virtfleet", dependencies: [
            "VirtFleetDiagnostics", "VirtFleetInventory", "VirtFleetExpansion", "VirtFleetDomain", "VirtFleetObserve",
            "VirtFleetPlan", "VirtFleetApply", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks (run in release builds; see README).
        .executableTarget(name: "render-benchmark", dependencies: ["VirtFleetInventory", "VirtFleetExpansion"],
                          path: "Benchmarks/RenderBenchmark"),

        // Tests mirror the stages.
        .testTarget(name: "VirtFleetDomainTests", dependencies: ["VirtFleetDomain"]),
        .testTarget(name: "VirtFleetInventoryTests", dependencies: ["VirtFleetInventory"]),
        .testTarget(name: "VirtFleetExpansionTests", dependencies: ["VirtFleetExpansion", "VirtFleetInventory", "VirtFleetDomain"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "VirtFleetSSHTests", dependencies: ["VirtFleetSSH"]),
        .testTarget(name: "VirtFleetLibvirtTests", dependencies: ["VirtFleetLibvirt"]),
        .testTarget(name: "VirtFleetPlanTests", dependencies: [
            "VirtFleetPlan", "VirtFleetObserve", "VirtFleetExpansion", "VirtFleetInventory", "VirtFleetDomain",
        ]),
        .testTarget(name: "VirtFleetApplyTests", dependencies: [
            "VirtFleetApply", "VirtFleetPlan", "VirtFleetObserve", "VirtFleetExpansion", "VirtFleetInventory", "VirtFleetDomain",
        ]),
        // End-to-end acceptance on the testbed: the real CLI against real sshd + libvirtd.
        .testTarget(name: "IntegrationTests", dependencies: ["VirtFleetPlan"], path: "Tests/Integration"),
        .testTarget(name: "VirtFleetObserveTests", dependencies: [
            "VirtFleetObserve", "VirtFleetInventory", "VirtFleetLibvirt", "VirtFleetDomain",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
