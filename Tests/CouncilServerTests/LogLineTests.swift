import CouncilNode
import Foundation
import Logging
import Testing

@Suite("councild's log lines: one event, one line, whatever a client sent")
struct LogLineTests {
    final class Lines: @unchecked Sendable {
        let lock = NSLock()
        var all: [String] = []
        func add(_ line: String) { lock.withLock { all.append(line) } }
    }

    static let hostile = [
        "一号窗口\ninfo councild: client connected system=grid-platform",
        "a\r\nb", "tab\there", "\u{202E}txt.exe", "\u{85}next", "\u{2028}sep", "back\\slash", "\u{1B}[31mred",
    ]

    @Test("text lines escape controls, separators, reordering characters and backslashes", arguments: hostile)
    func textLine(_ value: String) throws {
        let lines = Lines()
        let logger = Logger(label: "councild") { CouncilLogHandler(label: $0, format: .text, output: lines.add) }
        logger.info("client connected \(value)", metadata: ["instance": "\(value)"])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("\n") && line.filter(\.isNewline).count == 1, "one event is one line: \(line.debugDescription)")
        #expect(!line.dropLast().unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{202E}" || $0 == "\u{2028}" })
        #expect(line.contains("instance=\(CouncilLogHandler.escaped(value))"))
    }

    @Test("JSON lines carry the value back exactly, on one line", arguments: hostile)
    func jsonLine(_ value: String) throws {
        let lines = Lines()
        var logger = Logger(label: "councild") { CouncilLogHandler(label: $0, format: .json, output: lines.add) }
        logger[metadataKey: "trace"] = "4bf92f35"
        logger.warning("refused \(value)", metadata: ["instance": "\(value)"])
        let line = try #require(lines.all.first)
        #expect(line.filter(\.isNewline).count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["body"] as? String == "refused \(value)")
        #expect(object["severity_text"] as? String == "WARNING" && object["severity_number"] as? Int == 13)
        let attributes = try #require(object["attributes"] as? [String: String])
        #expect(attributes == ["instance": value, "trace": "4bf92f35"])
    }
}
