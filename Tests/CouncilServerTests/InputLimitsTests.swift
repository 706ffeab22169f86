import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import Foundation
import Testing

/// Every entry of ``FieldLimits`` against a running server: what it accepts, what it refuses, and that a refusal
/// names the field. PROTOCOL.md's table is checked to be the one the list makes.
@Suite("Field limits of the handshake and call metadata, checked against the server")
struct InputLimitsTests {
    /// Values each limit must refuse, whatever its kind: too long, a line break, a reordering character, invisible
    /// characters only, a C1 control.
    static func refused(_ limit: FieldLimit) -> [(String, String)] {
        var values = [
            ("one character too many", String(repeating: "a", count: limit.maxCharacters + 1)),
            ("a line break that would forge a log line", "XF-1\ninfo councild: client connected system=grid-platform"),
            ("a right-to-left override", "XF-\u{202E}1-txt.exe"),
            ("a C1 control", "XF-\u{85}1"),
        ]
        if limit.kind == .identifier {
            values += [("zero-width characters only", "\u{200B}\u{200D}"), ("a space at the end", "XF-1 ")]
        }
        return values
    }

    /// A value of exactly the limit's length that it accepts.
    static func longest(_ limit: FieldLimit) -> String {
        limit.kind == .code ? String(repeating: "a", count: limit.maxCharacters) : "议事厅-" + String(repeating: "x", count: limit.maxCharacters - 4)
    }

    /// Makes a call with `value` in `limit`'s field: a handshake (through ``CouncilServer/getServerInfo``) or call
    /// metadata.
    static func call(_ daemon: TestDaemon, _ limit: FieldLimit, _ value: String) async throws {
        let key = CouncilDaemon.demoKeys.first { $0.entry.system == "hall-staff" }!.key
        var configuration = CouncilClient.Configuration(host: daemon.host, port: daemon.port, system: "hall-staff", key: key)
        var metadata = CallMetadata()
        switch limit {
        case FieldLimits.clientSystem: configuration.system = value
        case FieldLimits.clientInstance: configuration.instance = value
        case FieldLimits.traceID: metadata.traceID = value
        case FieldLimits.idempotencyKey: metadata.idempotencyKey = value
        case FieldLimits.actingUser: metadata.actingUser = value
        default: Issue.record("no call carries \(limit.field): add it here")
        }
        let client = CouncilClient(configuration: configuration)
        defer { Task { await client.close() } }
        _ = try await client.getServerInfo(options: CallOptions(metadata: metadata))
    }

    @Test("refuses what breaks the limit, naming the field", arguments: FieldLimits.all)
    func refusals(_ limit: FieldLimit) async throws {
        try await TestDaemon.with { daemon async throws in
            for (what, value) in Self.refused(limit) {
                let refusal = await refusal { try await Self.call(daemon, limit, value) }
                #expect(refusal?.code == .invalidArgument, "\(limit.field), \(what): \(String(describing: refusal))")
                #expect(refusal?.field == limit.field, "\(limit.field), \(what)")
            }
        }
    }

    @Test("accepts the longest value the limit allows", arguments: FieldLimits.all.filter { $0 != FieldLimits.clientSystem })
    func longestAccepted(_ limit: FieldLimit) async throws {
        try await TestDaemon.with { daemon async throws in
            try await Self.call(daemon, limit, Self.longest(limit))
            if limit.mayBeEmpty { try await Self.call(daemon, limit, "") }
        }
    }

    /// `COUNCIL_WRITE_DOCS=1 swift test --filter InputLimitsTests` rewrites the table after a deliberate change.
    @Test("PROTOCOL.md's table of field limits is the one FieldLimits and TextLimits make")
    func documented() throws {
        let protocolFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Schemas/PROTOCOL.md")
        let text = try String(contentsOf: protocolFile, encoding: .utf8)
        let begin = "<!-- field limits: made from FieldLimits.markdownTable -->\n", end = "<!-- end of field limits -->"
        let start = try #require(text.range(of: begin)), finish = try #require(text.range(of: end))
        if ProcessInfo.processInfo.environment["COUNCIL_WRITE_DOCS"] == "1" {
            try (text[..<start.upperBound] + FieldLimits.markdownTable + text[finish.lowerBound...])
                .write(to: protocolFile, atomically: true, encoding: .utf8)
        }
        #expect(String(text[start.upperBound..<finish.lowerBound]) == FieldLimits.markdownTable, "run with COUNCIL_WRITE_DOCS=1 to rewrite the table")
    }
}
