import Foundation
import Testing
import VirtFleetTestSupport

/// `render --out DIR` interrupted while it writes: the built binary renders a few thousand guests,
/// the test waits until its hidden staging folder `.DIR.staging-PID` appears, freezes it there
/// (SIGSTOP, so the render cannot finish first), and sends the signal. The staging folder must be
/// gone and DIR exactly as it was. A render killed outright (SIGKILL, which nothing can catch)
/// leaves its staging folder, and the next render removes it.
@Suite(.serialized) struct RenderSignalTests {
    /// Enough guests that writing them takes a while, so the staging folder is seen mid-write.
    static let guests = 4000

    /// A fleet with a large inventory (`big.yaml`), a one-guest one (`small.yaml`), and `out/`
    /// holding an earlier render.
    static func fleet() throws -> TestFleet {
        let hosts = """
            fleet: lab
            templates: templates
            hosts:
              kvm1: {}
              kvm2: {}
            groups:
              all: { hosts: [kvm1, kvm2] }
            """
        return try TestFleet([
            "big.yaml": hosts + "\nguests:\n  - { name: \"g-{{ index }}\", template: small, group: all, count: \(guests) }\n",
            "small.yaml": hosts + "\nguests:\n  - { name: fresh, template: small, host: kvm1 }\n",
            "templates/small.yaml": """
            memory: 64MiB
            disks: [{ source: "/images/{{ name }}.qcow2", target: vda }]
            interfaces: [{ type: network, source: default }]
            """,
            "out/kvm1/earlier.xml": "<domain type='kvm'><name>earlier</name></domain>\n",
            "out/kvm2/other.xml": "<domain type='kvm'><name>other</name></domain>\n",
        ])
    }

    /// What `out/` holds before each render: the earlier render written by `fleet()`.
    static let earlierRender: [String: Data] = [
        "kvm1/earlier.xml": Data("<domain type='kvm'><name>earlier</name></domain>\n".utf8),
        "kvm2/other.xml": Data("<domain type='kvm'><name>other</name></domain>\n".utf8),
    ]

    /// Every file under `folder`, by relative path, with its bytes.
    static func contents(of folder: URL) -> [String: Data] {
        var found: [String: Data] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: folder, includingPropertiesForKeys: nil) else { return found }
        let prefix = folder.standardizedFileURL.path + "/"
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            found[url.standardizedFileURL.path.replacingOccurrences(of: prefix, with: "")] = fm.contents(atPath: url.path)
        }
        return found
    }

    /// Hidden entries the render left beside `out` (staging and set-aside folders).
    static func leftovers(in root: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix(".out.") }.sorted()
    }

    /// A render of `big.yaml` into `out`, stopped with SIGSTOP as soon as its staging folder exists.
    struct FrozenRender {
        let process = Process()
        let staging: URL
        let errors: PipeCollector

        init(_ fleet: TestFleet) throws {
            process.executableURL = URL(fileURLWithPath: try Repository.virtfleetBinary)
            process.arguments = ["render", "-i", fleet.path("big.yaml"), "--out", fleet.path("out")]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardError = pipe
            try process.run()
            errors = PipeCollector(pipe.fileHandleForReading)
            staging = fleet.root.appendingPathComponent(".out.staging-\(process.processIdentifier)")
            // Polls the file system, bounded: the render loads and expands first, then writes.
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: staging.path) {
                guard process.isRunning else {
                    throw UnexpectedOutput(
                        description: "the render ended (status \(process.terminationStatus)) before its staging folder was seen: "
                            + errors.text())
                }
                guard Date() < deadline else {
                    process.terminate()
                    throw UnexpectedOutput(description: "no staging folder \(staging.lastPathComponent) within 120 s")
                }
                usleep(1000)
            }
            kill(process.processIdentifier, SIGSTOP)
            // Still mid-write: the staging folder has not been swapped in yet.
            guard FileManager.default.fileExists(atPath: staging.path) else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw TooLate()
            }
        }

        /// The render finished writing before this test's thread could stop it (a busy machine
        /// can keep the polling thread off the CPU for that long).
        struct TooLate: Error {}

        /// A frozen render of a fresh fleet. Stopping it mid-write is a race the test may lose on
        /// a loaded machine; it tries again with a new fleet, a few times, and fails if it never wins.
        static func start() throws -> (TestFleet, FrozenRender) {
            for _ in 1...5 {
                let fleet = try RenderSignalTests.fleet()
                do {
                    return (fleet, try FrozenRender(fleet))
                } catch is TooLate {
                    continue  // the fleet's folder goes with it (TestFleet cleans up when released)
                }
            }
            throw UnexpectedOutput(description: "the render finished writing before it could be stopped, 5 times; render more guests")
        }

        /// Sends `signal`, lets the process run again, and returns its status as a shell reports
        /// it (128 + N for a death by signal N). Bounded: a render still alive after 60 s is killed.
        func interrupt(with signal: Int32) throws -> Int32 {
            kill(process.processIdentifier, signal)
            kill(process.processIdentifier, SIGCONT)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning {
                guard Date() < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw UnexpectedOutput(description: "the render did not end within 60 s of signal \(signal)")
                }
                usleep(10_000)
            }
            process.waitUntilExit()
            let status = process.terminationStatus
            return process.terminationReason == .uncaughtSignal ? 128 + status : status
        }
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedRenderRemovesItsStagingFolderAndLeavesDIRAsItWas(signal: Int32) throws {
        let (fleet, render) = try FrozenRender.start()
        let out = fleet.root.appendingPathComponent("out")
        let before = Self.earlierRender
        #expect(try render.interrupt(with: signal) == 128 + signal, "\(render.errors.text())")
        #expect(!FileManager.default.fileExists(atPath: render.staging.path), "the staging folder was left behind")
        #expect(Self.leftovers(in: fleet.root) == [])
        #expect(Self.contents(of: out) == before, "the earlier render in DIR changed")
    }

    @Test func aStagingFolderOfAKilledRenderIsRemovedByTheNextRender() throws {
        let (fleet, render) = try FrozenRender.start()
        let out = fleet.root.appendingPathComponent("out")
        let before = Self.earlierRender
        #expect(try render.interrupt(with: SIGKILL) == 128 + SIGKILL)
        // Nothing can catch SIGKILL: the folder stays, DIR is untouched.
        #expect(Self.leftovers(in: fleet.root) == [render.staging.lastPathComponent])
        #expect(Self.contents(of: out) == before)

        let next = try Repository.virtfleet(["render", "-i", fleet.path("small.yaml"), "--out", out.path])
        #expect(next.status == 0, "\(next.errors)")
        #expect(next.output.contains("rendered 1 guests on 1 hosts"), "\(next.output)")
        #expect(Self.leftovers(in: fleet.root) == [], "the dead render's staging folder is still there")
        #expect(Array(Self.contents(of: out).keys) == ["kvm1/fresh.xml"])
    }
}
