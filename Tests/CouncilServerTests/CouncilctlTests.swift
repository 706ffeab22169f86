import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilWire
import Foundation
import NIOCore
import NIOPosix
import Testing

/// Runs the built `councilctl` executable, which tests cannot import, against a `TestDaemon`. Shared with the other
/// `Councilctl*Tests` files.
enum CouncilctlBinary {
    /// `councilctl` next to the test bundle (SwiftPM builds both into the same directory), or `$COUNCILCTL`.
    static let url: URL? = {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["COUNCILCTL"] { candidates.append(URL(fileURLWithPath: path)) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("councilctl"))
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("councilctl"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("councilctl"))
        // macOS: …/debug/X.xctest/Contents/MacOS/X
        candidates.append(runner.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("councilctl"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static let missing = "councilctl is not built next to the tests; run `swift build --build-tests` first"

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Stdout as a JSON object.
        func object() throws -> [String: Any] {
            let value = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(value as? [String: Any], "stdout is not a JSON object: \(stdout)")
        }
    }

    /// Runs councilctl with `arguments`; COUNCIL_* from the test's own environment are not passed on. Its stderr goes
    /// to `standardError` when given (a terminal, say), and ``Result/stderr`` is then empty.
    static func run(_ arguments: [String], environment: [String: String] = [:], standardError: FileHandle? = nil) async throws -> Result {
        let binary = try #require(url, Comment(rawValue: missing))
        let directory = FileManager.default.temporaryDirectory
        let outURL = directory.appendingPathComponent("councilctl-\(UUID().uuidString).out")
        let errURL = directory.appendingPathComponent("councilctl-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COUNCIL_") }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = standardError ?? err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        return Result(
            status: status, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// The connection settings for a test server, as environment variables.
private func environment(_ server: TestDaemon, key: String = "demo-hall-staff") -> [String: String] {
    ["COUNCIL_SERVER": "127.0.0.1:\(server.port)", "COUNCIL_KEY": key]
}

private func ctl(_ arguments: String..., env: [String: String]) async throws -> CouncilctlBinary.Result {
    try await CouncilctlBinary.run(arguments, environment: env)
}

/// Display columns by an oracle independent of councilctl's: CJK ideographs, CJK punctuation and fullwidth forms
/// take two, everything else one. Enough for the text these tests print.
private func columns(_ character: Character) -> Int {
    character.unicodeScalars.contains {
        (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF01...0xFF60).contains($0.value)
    } ? 2 : 1
}

/// The display column each character of `line` starts at.
private func starts(_ line: String) -> [Int: Character] {
    var result: [Int: Character] = [:]
    var column = 0
    for character in line {
        result[column] = character
        column += columns(character)
    }
    return result
}

/// Checks that every row starts a cell exactly where the header starts each column, and that the cell before ended
/// with a space — which fails when wide characters are counted as one column.
private func expectAligned(_ table: String, headers: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let lines = table.split(separator: "\n").map(String.init)
    let header = try #require(lines.first, sourceLocation: sourceLocation)
    let headerStarts = starts(header)
    var columnStarts: [Int] = []
    for name in headers {
        let column = try #require(
            headerStarts.keys.sorted().first { start in
                (start == 0 || headerStarts[start - 1] == " ") && lineText(header, fromColumn: start).hasPrefix(name)
            }, "header \(name) missing in \(header)", sourceLocation: sourceLocation)
        columnStarts.append(column)
    }
    #expect(lines.count > 1, "the table has rows", sourceLocation: sourceLocation)
    for row in lines.dropFirst() {
        let rowStarts = starts(row)
        for column in columnStarts.dropFirst() {
            let cell = rowStarts[column]
            #expect(cell != nil && cell != " ", "no cell starts at column \(column) in: \(row)", sourceLocation: sourceLocation)
            #expect(rowStarts[column - 1] == " ", "the cell before column \(column) runs into it in: \(row)", sourceLocation: sourceLocation)
        }
    }
}

/// The text of `line` from display column `column` on.
private func lineText(_ line: String, fromColumn column: Int) -> String {
    var current = 0
    var index = line.startIndex
    while index < line.endIndex, current < column {
        current += columns(line[index])
        index = line.index(after: index)
    }
    return String(line[index...])
}

@Suite("councilctl, the operator's command line, run as a process against a loopback councild")
struct CouncilctlTests {
    @Test(
        "submit, show, accept and find through the binary, reading --json back",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func submitShowAcceptFind() async throws {
        try await TestDaemon.with { server in
            let env = environment(server)
            let submitted = try await ctl(
                "submit", "--json", "--title", "楼道灯不亮", "--description", "2单元三楼灯坏了一周", "--community", "QX05",
                "--category", "environment", "--submitter-name", "张三", "--submitter-phone", "13812345678", env: env)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let answer = try submitted.object()
            #expect(answer["created"] as? Bool == true)
            let submittedCase = try #require(answer["case"] as? [String: Any])
            let number = try #require(submittedCase["number"] as? String)
            #expect(number.hasPrefix("QX05-"))
            #expect(submittedCase["status"] as? String == "submitted")
            #expect((submittedCase["submitter"] as? [String: Any])?["phone"] as? String == "13812345678", "hall staff may see personal data")
            let createdAt = try #require(submittedCase["createdAt"] as? String)
            #expect(createdAt.hasSuffix("+08:00"), "times are UTC+8: \(createdAt)")

            // Options before the subcommand, no environment.
            let shown = try await ctl("--server", "127.0.0.1:\(server.port)", "--key", "demo-hall-staff", "--json", "show", number, env: [:])
            #expect(shown.status == 0, "\(shown.stderr)")
            let shownAnswer = try shown.object()
            let shownCase = try #require(shownAnswer["case"] as? [String: Any])
            let history = try #require(shownAnswer["history"] as? [[String: Any]])
            #expect(shownCase["version"] as? Int == 1)
            #expect((shownCase["allowedOperations"] as? [String])?.contains("accept") == true)
            #expect(history.map { $0["operation"] as? String } == ["submit"])
            #expect((history.first?["actor"] as? [String: Any])?["system"] as? String == "hall-staff")

            let accepted = try await ctl("accept", number, "--expected-version", "1", "--acting-user", "HS05", "--json", env: env)
            #expect(accepted.status == 0, "\(accepted.stderr)")
            let acceptedCase = try #require(try accepted.object()["case"] as? [String: Any])
            #expect(acceptedCase["status"] as? String == "accepted")
            #expect(acceptedCase["version"] as? Int == 2)
            #expect(acceptedCase["handlingDue"] is String)

            // The server agrees, and recorded who acted.
            let staff = server.client("hall-staff")
            let view = try await staff.getCase(key: .number(try #require(CaseNumber(number))))
            #expect(view.state.status == .accepted)
            #expect(try await staff.getHistory(caseID: view.state.id).events.last?.principal == Principal(system: "hall-staff", user: "HS05"))
            await staff.close()

            // The timeline as people read it: both steps, who, and the time in UTC+8.
            let text = try await ctl("show", number, env: env)
            #expect(text.status == 0)
            #expect(text.stdout.contains("已登记 submitted") && text.stdout.contains("已受理 accepted"))
            #expect(text.stdout.contains("hall-staff:HS05"))
            #expect(text.stdout.contains(createdAt.prefix(16).replacingOccurrences(of: "T", with: " ")), "the creation time in local time")
            #expect(text.stdout.contains("Allowed next: dispatch, handle-locally, schedule"))

            let found = try await ctl("find", "--community", "QX05", "--status", "accepted", "--json", env: env)
            #expect(found.status == 0, "\(found.stderr)")
            let cases = try #require(try found.object()["cases"] as? [[String: Any]])
            #expect(cases.map { $0["number"] as? String } == [number])
            let none = try await ctl("find", "--status", "closed,withdrawn", "--json", env: env)
            #expect((try none.object()["cases"] as? [Any])?.isEmpty == true)

            let watched = try await ctl("watch", "--after", "0", "--count", "2", "--json", env: env)
            #expect(watched.status == 0, "\(watched.stderr)")
            let events = try watched.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(events.map { $0["operation"] as? String } == ["submit", "accept"])
            #expect(events.map { $0["caseNumber"] as? String } == [number, number])
        }
    }

    @Test(
        "exit codes and messages scripts and people can rely on",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func exitCodes() async throws {
        // A port nothing listens on: bound, then closed.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let closedPort = try #require(probe.localAddress?.port)
        try await probe.close()
        let unreachable = try await ctl("health", env: ["COUNCIL_SERVER": "127.0.0.1:\(closedPort)", "COUNCIL_KEY": "demo-hall-staff"])
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.contains("cannot reach councild at 127.0.0.1:\(closedPort) — is it running?"))

        try await TestDaemon.with { server in
            let env = environment(server)
            let healthy = try await ctl("health", env: env)
            #expect(healthy.status == 0 && healthy.stdout.contains("serving"))

            let wrongKey = try await ctl("health", env: environment(server, key: "not-the-key"))
            #expect(wrongKey.status == 4)
            #expect(wrongKey.stderr.contains("the server refused the credentials of hall-staff: the credential is missing or not valid (UNAUTHENTICATED)"))

            let missing = try await ctl("show", "QX05-20260101-0042", env: env)
            #expect(missing.status == 5, "\(missing.stderr)")

            let number = try await ctl("submit", "--title", "噪音扰民", "--community", "QX01", env: env).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(CaseNumber(number) != nil)

            let illegal = try await ctl("close", number, "--json", env: env)
            #expect(illegal.status == 6)
            #expect(illegal.stderr.contains("已登记 submitted") && illegal.stderr.contains("allowed now: accept, decline"), "\(illegal.stderr)")
            let error = try #require(try illegal.object()["error"] as? [String: Any])
            #expect(error["caseStatus"] as? String == "submitted")
            #expect(error["code"] as? String == "FAILED_PRECONDITION")
            #expect((error["allowedOperations"] as? [String])?.contains("accept") == true)

            let stale = try await ctl("accept", number, "--expected-version", "3", env: env)
            #expect(stale.status == 6 && stale.stderr.contains("ABORTED"))

            let notAllowed = try await ctl("accept", number, "--system", "petition-office", "--key", "demo-petition-office", env: env)
            #expect(notAllowed.status == 4 && notAllowed.stderr.contains("PERMISSION_DENIED"))

            let invalid = try await ctl("submit", "--title", "无此社区", "--community", "QX99", env: env)
            #expect(invalid.status == 7 && invalid.stderr.contains("submission.community"), "\(invalid.stderr)")

            #expect(try await ctl("show", env: env).status == 2, "a missing argument is a usage error")
            #expect(try await ctl("accept", number, "--expected-version", "0", env: env).status == 2)
            #expect(try await ctl("find", "--due-before", "someday", env: env).status == 2)
            let noKey = try await ctl("health", env: ["COUNCIL_SERVER": "127.0.0.1:\(server.port)"])
            #expect(noKey.status == 2 && noKey.stderr.contains("no API key"))

            // Nothing above changed the case.
            let after = try await ctl("show", number, "--json", env: env)
            #expect((try after.object()["case"] as? [String: Any])?["version"] as? Int == 1)
        }
    }

    @Test(
        "tables line up whatever mix of Chinese and Latin text their cells hold",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func cjkTables() async throws {
        let widths = try await ctl("display-width", "abc", "议事厅", "ｑ", "e\u{301}", "👍", "한국", "QX05 示例社区05", "·—…", "", env: [:])
        #expect(widths.stdout.split(separator: "\n") == ["3", "6", "2", "1", "2", "4", "15", "3", "0"])

        try await TestDaemon.with { server in
            let env = environment(server)
            for (title, community) in [("楼道灯不亮", "QX05"), ("Street light out", "QX01"), ("ｑ全角Ｑ混合 mixed 文字，标点。", "QX12")] {
                #expect(try await ctl("submit", "--title", title, "--community", community, env: env).status == 0)
            }
            let found = try await ctl("find", env: env)
            #expect(found.status == 0)
            #expect(found.stdout.split(separator: "\n").count == 4, "a header and three cases:\n\(found.stdout)")
            try expectAligned(found.stdout, headers: ["NUMBER", "STATUS", "COMMUNITY", "CATEGORY", "UNIT", "DUE", "DEADLINE", "TITLE"])

            let units = try await ctl("units", env: env)
            try expectAligned(units.stdout, headers: ["CODE", "NAME", "KIND"])
            let people = try await ctl("people", "--community", "QX05", env: env)
            try expectAligned(people.stdout, headers: ["ID", "NAME", "ROLES", "COMMUNITY", "UNIT"])
        }
    }

    @Test(
        "notifications shows each channel's progress and dead letters, as a table and as JSON; a key without the scope is refused",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func notifications() async throws {
        try await TestDaemon.with { server in
            let env = environment(server)
            #expect(try await ctl("submit", "--title", "楼道灯不亮", "--community", "QX05", env: env).status == 0)
            await server.daemon.notifications.waitUntilHandled(through: 1)
            let table = try await ctl("notifications", env: env)
            #expect(table.status == 0, "\(table.stderr)")
            let lines = table.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
            #expect(lines == ["CHANNEL HANDLED THROUGH BACKLOG DEAD", "log 1 0 0"], "\(table.stdout)")
            let json = try await ctl("notifications", "--json", env: env).object()
            #expect(json["latestSequence"] as? Int == 1)
            let channels = try #require(json["channels"] as? [[String: Any]])
            #expect(channels.map { $0["channel"] as? String } == ["log"])
            #expect(channels.first?["handledThrough"] as? Int == 1 && channels.first?["backlog"] as? Int == 0)
            let refused = try await ctl("notifications", "--system", "petition-office", "--key", "demo-petition-office", env: env)
            #expect(refused.status != 0 && refused.stderr.contains("notifications"), "\(refused.stderr)")
        }
    }

    @Test(
        "load-directory --check checks a seed file locally and sends nothing",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func loadDirectory() async throws {
        var seed = try DirectorySeed.qiaoxiDemo()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONEncoder().encode(seed).write(to: file)

        let checked = try await ctl("load-directory", file.path, "--check", "--json", env: [:])
        #expect(checked.status == 0, "\(checked.stderr)")
        let answer = try checked.object()
        #expect(answer["valid"] as? Bool == true && answer["uploaded"] as? Bool == false)
        let counts = try #require(answer["counts"] as? [String: Int])
        #expect(counts["communities"] == seed.communities.count && counts["gridCells"] == seed.gridCells.count)
        #expect(counts["units"] == seed.units.count && counts["people"] == seed.people.count && counts["categories"] == seed.categories.count)

        let checkedText = try await ctl("load-directory", file.path, "--check", env: [:])
        #expect(checkedText.status == 0 && checkedText.stdout.contains("valid directory for 桥西区"))
        let upload = try await ctl("load-directory", file.path, env: [:])
        #expect(upload.status == 2 && upload.stderr.contains("no API key"), "uploading needs a key; checking does not")

        let compound = seed.compounds[0].code
        seed.compounds[0].community = "QX99"
        try JSONEncoder().encode(seed).write(to: file)
        let broken = try await ctl("load-directory", file.path, "--check", env: [:])
        #expect(broken.status == 7)
        #expect(broken.stderr.contains("compounds.\(compound).community"), "\(broken.stderr)")

        #expect(try await ctl("load-directory", "/nonexistent/seed.json", "--check", env: [:]).status == 7)
    }
}
