import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilServer
import Foundation
import Testing

@Suite("councild new-key issues a client system's key into the configuration file")
struct NewKeyTests {
    /// Runs `councild ARGUMENTS` to its end; its status, standard output and standard error apart.
    private func runCouncild(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = CouncildProcess.executable  // The tests run only when it is built.
        process.arguments = arguments
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("new-key-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe(), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), try String(contentsOf: errURL, encoding: .utf8))
    }

    @Test(
        "one command adds the key, keeps the other settings, owner and mode, prints the key once; SIGHUP puts it in force",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func issueIntoConfiguration() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("councild-new-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("councild.json").path
        let (gridKey, gridHash) = KeyRing.newKey()
        try """
            {"listen": "127.0.0.1:0", "database": ":memory:", "logLevel": "info", "allowPlaintext": false,
             "serverID": "key-test", "limits": {"maxConcurrentCalls": 50},
             "assessment": {"minimumCountedShare": 0.75},
             "notifications": {"routing": {"linkedLeaders": {"QX01": "L01"}}},
             "keys": [{"system": "grid-platform", "keyHash": "\(gridHash)", "scopes": ["read"]}]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o640) == 0)

        let councild = try await CouncildProcess.start(["--config", path])
        defer { councild.kill() }
        func client(_ system: String, _ key: String) -> CouncilClient {
            CouncilClient(configuration: .init(host: "127.0.0.1", port: councild.port, system: system, key: key))
        }

        let issued = try runCouncild("new-key", "--system", "petition-office", "--scopes", "submit", "read", "--config", path)
        #expect(issued.status == 0, "\(issued.stderr)")
        let key = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("ch_") && !key.contains("\n"), "standard output is the key alone: \(issued.stdout)")
        #expect(issued.stderr.contains("added a key for petition-office (scopes: read submit) in \(path)"), "\(issued.stderr)")
        #expect(issued.stderr.contains("systemctl reload councild"), "\(issued.stderr)")
        #expect(!issued.stderr.contains(key), "the key is printed once")

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(key), "the file holds the key's hash, never the key")
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o640, "the file keeps its mode")
        let settings = try ServerConfiguration.load(contentsOf: path)
        #expect(settings.serverID == "key-test" && settings.database == ":memory:" && settings.limits.maxConcurrentCalls == 50)
        #expect(settings.assessment.minimumCountedShare == 0.75 && settings.allowPlaintext == false)
        #expect(settings.notifications.routing?.linkedLeaders["QX01"] == "L01")
        #expect(settings.keys == [
            KeyRing.Entry(system: "grid-platform", keyHash: gridHash, scopes: [.read]),
            KeyRing.Entry(system: "petition-office", keyHash: KeyRing.hash(key), scopes: [.submit, .read]),
        ])

        // In force after the reload, not before.
        let early = await refusal { _ = try await client("petition-office", key).checkHealth() }
        #expect(early?.code == .unauthenticated)
        councild.signal(SIGHUP)
        try await councild.waitForLog("reloaded the keys added=petition-office changed= removed=")
        let office = client("petition-office", key)
        #expect(try await office.checkHealth() == .serving)
        await office.close()
        let grid = client("grid-platform", gridKey)
        #expect(try await grid.checkHealth() == .serving, "the other system's key still works")
        await grid.close()

        // A second key for the same system needs --replace; without it nothing changes.
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let again = try runCouncild("new-key", "--system", "petition-office", "--scopes", "submit", "--config", path)
        #expect(again.status == 1 && again.stdout.isEmpty, "no key is printed when none is added: \(again.stdout)")
        #expect(again.stderr.contains("holds a key for petition-office already") && again.stderr.contains("--replace"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        let replaced = try runCouncild("new-key", "--system", "petition-office", "--scopes", "submit", "read", "--config", path, "--replace")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(replaced.stderr.contains("replaced petition-office's key with the new one"), "\(replaced.stderr)")
        let newKey = replaced.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        councild.signal(SIGHUP)
        try await councild.waitForLog("reloaded the keys added= changed=petition-office removed=")
        let refused = await refusal { _ = try await client("petition-office", key).checkHealth() }
        #expect(refused?.code == .unauthenticated, "the replaced key signs nobody in")
        let renewed = client("petition-office", newKey)
        #expect(try await renewed.checkHealth() == .serving)
        await renewed.close()
        #expect(!councild.log.contains(key) && !councild.log.contains(newKey), "no key reaches the log")

        councild.signal(SIGTERM)
        #expect(try await councild.waitForExit().status == 0)
    }

    @Test(
        "a file councild could not use is refused clearly and left as it is",
        .enabled(if: CouncildProcess.executable != nil, "the councild executable is not next to the test bundle; run `swift build` first"))
    func refusesBrokenFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("councild-new-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("councild.json").path
        for (content, reason) in [
            ("{ \"listen\": \"127.0.0.1:7420\", ", "is not JSON"), (#"{"limits": {"maxConcurrentCalls": 0}}"#, "limits.maxConcurrentCalls must be positive"),
            ("[]", "is not a JSON object"),
        ] {
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            let refused = try runCouncild("new-key", "--system", "petition-office", "--config", path)
            #expect(refused.status == 1 && refused.stdout.isEmpty, "\(content): \(refused.stdout)")
            #expect(refused.stderr.contains(reason) && refused.stderr.contains("unchanged"), "\(content): \(refused.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
        }
        let missing = try runCouncild("new-key", "--system", "petition-office", "--config", directory.appendingPathComponent("none.json").path)
        #expect(missing.status == 1 && missing.stderr.contains("cannot read the configuration file"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("none.json").path))
        let noConfig = try runCouncild("new-key", "--system", "petition-office", "--replace")
        #expect(noConfig.status != 0 && noConfig.stderr.contains("--config"), "\(noConfig.stderr)")
    }
}
