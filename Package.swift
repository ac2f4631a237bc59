// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "virtfleet",
    products: [
        .executable(name: "virtfleet", targets: ["virtfleet"]),
        // For the libFuzzer targets in Fuzz/ (a package of their own): one entry per input decoder.
        .library(name: "VirtFleetFuzzing", targets: ["VirtFleetFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibSSH", pkgConfig: "libssh", providers: [.apt(["libssh-dev"])]),

        // Pipeline stages.
        .target(name: "VirtFleetDiagnostics"),
        .target(
            name: "VirtFleetDomain",
            dependencies: [
                "CLibXML2", "VirtFleetDiagnostics", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "VirtFleetInventory",
            dependencies: [
                "VirtFleetDiagnostics", .product(name: "Yams", package: "Yams"),
            ]),
        .target(
            name: "VirtFleetExpansion",
            dependencies: [
                "VirtFleetDiagnostics", "VirtFleetInventory", "VirtFleetDomain", "VirtFleetCloudInit",
            ]),
        .target(name: "VirtFleetConcurrency"),
        // cloud-init NoCloud seeds: the `cidata` ISO 9660 image, written in-house (see docs/architecture.md).
        .target(name: "VirtFleetCloudInit"),
        // Crypto: HMAC-SHA1 for hashed known_hosts host names in @revoked/@cert-authority lines.
        .target(name: "VirtFleetSSH", dependencies: ["CLibSSH", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "VirtFleetLibvirt", dependencies: ["VirtFleetConcurrency"]),

        // The hypervisor port: what planner and apply may ask of a host. Pure: no SSH, no libvirt RPC.
        .target(
            name: "VirtFleetHypervisor",
            dependencies: [
                "VirtFleetConcurrency", "VirtFleetInventory", "VirtFleetDomain",
            ]),
        // The adapter: the port over SSH (libssh) and libvirt's RPC protocol, plus the host lock.
        .target(
            name: "VirtFleetRemote",
            dependencies: [
                "VirtFleetHypervisor", "VirtFleetInventory", "VirtFleetDomain", "VirtFleetSSH", "VirtFleetLibvirt",
                .product(name: "Logging", package: "swift-log"),
            ]),

        .target(
            name: "VirtFleetPlan",
            dependencies: [
                "VirtFleetDomain", "VirtFleetExpansion", "VirtFleetHypervisor", "VirtFleetInventory",
            ]),
        .target(
            name: "VirtFleetApply",
            dependencies: [
                "VirtFleetConcurrency", "VirtFleetPlan", "VirtFleetHypervisor", "VirtFleetDomain", "VirtFleetInventory",
            ]),

        // The edge: commands, their context, pipelines, views and the plan file.
        .target(
            name: "VirtFleetCLI",
            dependencies: [
                "VirtFleetDiagnostics", "VirtFleetInventory", "VirtFleetExpansion", "VirtFleetDomain", "VirtFleetHypervisor",
                "VirtFleetRemote", "VirtFleetPlan", "VirtFleetApply",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "virtfleet", dependencies: ["VirtFleetCLI"]),

        // Fuzzing entry points (Fuzz/Entry), replayed over the checked-in corpus by FuzzCorpusTests.
        .target(
            name: "VirtFleetFuzzing",
            dependencies: [
                "VirtFleetCLI", "VirtFleetDiagnostics", "VirtFleetExpansion", "VirtFleetHypervisor", "VirtFleetInventory",
                "VirtFleetLibvirt",
            ], path: "Fuzz/Entry"),

        // Benchmarks (run in release builds; see README).
        .executableTarget(
            name: "render-benchmark", dependencies: ["VirtFleetInventory", "VirtFleetExpansion"],
            path: "Benchmarks/RenderBenchmark"),
        .executableTarget(
            name: "scale-benchmark", dependencies: ["VirtFleetInventory", "VirtFleetExpansion"],
            path: "Benchmarks/ScaleBenchmark"),
        .executableTarget(
            name: "upload-benchmark",
            dependencies: ["VirtFleetInventory", "VirtFleetHypervisor", "VirtFleetLibvirt", "VirtFleetRemote"],
            path: "Benchmarks/UploadBenchmark"),

        // Tests mirror the stages. Shared fakes and testbed helpers live in one support target.
        // Also the one testbed type (Testbed/), the one process runner, the `.testbed`/`.root` tags,
        // and the local-process byte stream the libvirt tests use (Libvirt/).
        .target(
            name: "VirtFleetTestSupport",
            dependencies: [
                "VirtFleetHypervisor", "VirtFleetInventory", "VirtFleetDomain", "VirtFleetExpansion", "VirtFleetPlan",
                "VirtFleetSSH", "VirtFleetLibvirt", "VirtFleetRemote", "VirtFleetCLI", .product(name: "Yams", package: "Yams"),
            ], path: "Tests/Support"),
        // A tool the expansion tests run as separate processes (see Tests/Tools/ExpandProbe).
        .executableTarget(
            name: "virtfleet-expand-probe", dependencies: ["VirtFleetInventory", "VirtFleetExpansion"],
            path: "Tests/Tools/ExpandProbe"),
        .testTarget(name: "VirtFleetDomainTests", dependencies: ["VirtFleetDomain"]),
        .testTarget(name: "VirtFleetInventoryTests", dependencies: ["VirtFleetTestSupport", "VirtFleetInventory", "VirtFleetDiagnostics"]),
        .testTarget(
            name: "VirtFleetExpansionTests",
            dependencies: ["VirtFleetTestSupport", "VirtFleetExpansion", "VirtFleetInventory", "VirtFleetDomain", "VirtFleetDiagnostics"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "VirtFleetCloudInitTests",
            dependencies: ["VirtFleetTestSupport", "VirtFleetCloudInit", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "VirtFleetSSHTests", dependencies: ["VirtFleetTestSupport", "VirtFleetSSH", "CLibSSH"]),
        .testTarget(name: "VirtFleetLibvirtTests", dependencies: ["VirtFleetTestSupport", "VirtFleetLibvirt"]),
        .testTarget(
            name: "VirtFleetPlanTests",
            dependencies: [
                "VirtFleetTestSupport", "VirtFleetPlan", "VirtFleetHypervisor", "VirtFleetExpansion", "VirtFleetInventory",
                "VirtFleetDomain",
            ]),
        .testTarget(
            name: "VirtFleetApplyTests",
            dependencies: [
                "VirtFleetTestSupport", "VirtFleetApply", "VirtFleetPlan", "VirtFleetHypervisor", "VirtFleetExpansion",
                "VirtFleetInventory", "VirtFleetDomain",
            ]),
        .testTarget(
            name: "VirtFleetCLITests",
            dependencies: [
                "VirtFleetTestSupport", "VirtFleetCLI", "VirtFleetPlan", "VirtFleetHypervisor", "VirtFleetInventory", "VirtFleetDomain",
            ],
            exclude: ["Fixtures"]),
        // Hostile offline input, table-driven, through the real command line (in-process and, for the
        // heavy cases, the built binary under prlimit).
        .testTarget(name: "HostileInputTests", dependencies: ["VirtFleetTestSupport", "VirtFleetCLI"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["VirtFleetFuzzing"]),
        // End-to-end acceptance on the testbed: the real CLI against real sshd + libvirtd. The CLI's
        // plan file and the plan model are for the tampering tests, which edit saved plans. Corpus/
        // holds the corpus test's domain documents, read at run time (CorpusTestbedTests).
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "VirtFleetTestSupport", "VirtFleetCLI", "VirtFleetPlan", "VirtFleetHypervisor", "VirtFleetInventory", "VirtFleetDomain",
            ], path: "Tests/Integration", exclude: ["Corpus"]),
        .testTarget(
            name: "VirtFleetRemoteTests",
            dependencies: [
                "VirtFleetTestSupport", "VirtFleetRemote", "VirtFleetHypervisor", "VirtFleetInventory", "VirtFleetLibvirt",
                "VirtFleetDomain",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
