import Foundation
import Logging
import Synchronization

/// councild's log lines: one line per event, as text or as JSON, with everything a client sent escaped so that no
/// input can forge a line.
///
/// Handshake fields, trace ids, titles and error messages can carry what a client typed. In the text format every
/// control character, line separator, invisible formatting character and character that reorders how text is shown
/// is written as an escape (`\n`, `\u{202E}`), and a backslash as `\\`, so one event is always exactly one line and
/// reads as what was sent. The JSON-lines format writes one JSON object per line, with field names after
/// OpenTelemetry's log data model (`timestamp`, `severity_text`, `severity_number`, `scope`, `body`, `attributes`),
/// escaping the same characters as `\uXXXX`.
public struct CouncilLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: String, Sendable, CaseIterable {
        /// `2026-12-07T21:54:28.123Z info councild: client connected instance=一号窗口 system=petition-office`
        case text
        /// `{"timestamp":"2026-12-07T21:54:28.123Z","severity_text":"INFO",...}`
        case json
    }

    /// A log level that many handlers share and a reload changes.
    public final class LevelSetting: Sendable {
        private let raw: Atomic<Int>

        /// Creates a setting at `level`.
        public init(_ level: Logger.Level) {
            raw = Atomic(Self.all.firstIndex(of: level)!)
        }

        private static let all = Logger.Level.allCases

        /// The level in force.
        public var value: Logger.Level {
            get { Self.all[raw.load(ordering: .relaxed)] }
            set { raw.store(Self.all.firstIndex(of: newValue)!, ordering: .relaxed) }
        }
    }

    /// Where finished lines go.
    public typealias Output = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    /// The level of every handler sharing this one's ``LevelSetting``: setting it changes them all.
    public var logLevel: Logger.Level {
        get { level.value }
        nonmutating set { level.value = newValue }
    }
    private let level: LevelSetting
    private let label: String
    private let format: Format
    private let output: Output

    /// Creates a handler writing each line, newline included, to `output` — councild's ``LogSink``, which never
    /// blocks.
    public init(label: String, format: Format, level: LevelSetting = LevelSetting(.info), output: @escaping Output) {
        self.level = level
        self.label = label
        self.format = format
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        switch format {
        case .text:
            var line = "\(time) \(event.level) \(Self.escaped(label)): \(Self.escaped(event.message.description))"
            for (key, value) in all { line += " \(Self.escaped(key))=\(Self.escaped(value.description))" }
            output(line + "\n")
        case .json:
            var line = "{\"timestamp\":\(Self.json(time)),\"severity_text\":\(Self.json(event.level.rawValue.uppercased()))"
            line += ",\"severity_number\":\(Self.severityNumber(event.level)),\"scope\":\(Self.json(label))"
            line += ",\"body\":\(Self.json(event.message.description)),\"attributes\":{"
            line += all.map { "\(Self.json($0.key)):\(Self.json($0.value.description))" }.joined(separator: ",")
            output(line + "}}\n")
        }
    }

    /// Whether a log line writes `scalar` as an escape: controls, line separators, invisible formatting characters
    /// and the characters that reorder how text is shown.
    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: return true
        default: return false
        }
    }

    /// `text` with every character of ``mustEscape(_:)`` written as `\n`, `\r`, `\t` or `\u{XXXX}`, and `\` as `\\`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\\" || mustEscape($0) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where mustEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` as a JSON string, with `"`, `\`, and every character of ``mustEscape(_:)`` escaped as JSON says.
    static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where mustEscape(scalar):
                for unit in String(scalar).utf16 { result += String(format: "\\u%04x", unit) }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// OpenTelemetry's severity number of a level.
    static func severityNumber(_ level: Logger.Level) -> Int {
        switch level {
        case .trace: 1
        case .debug: 5
        case .info: 9
        case .notice: 10
        case .warning: 13
        case .error: 17
        case .critical: 21
        }
    }

}
