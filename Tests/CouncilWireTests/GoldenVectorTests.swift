import CouncilAPI
@testable import CouncilWire
import Foundation
import NIOCore
import Testing

/// Schemas/testdata: each binary frame decodes to its expected value and that value encodes back byte for byte.
///
/// `COUNCIL_WIRE_WRITE_GOLDEN=1 swift test --filter GoldenVectorTests` rewrites the files after a deliberate
/// change of the vectors; review the diff.
@Suite("Golden vectors")
struct GoldenVectorTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas/testdata")

    @Test("decodes to the expected frame and encodes back byte for byte", arguments: GoldenVector.names)
    func vector(_ name: String) async throws {
        let vector = try await GoldenVector.named(name)
        let codec = WireCodec()
        let encoded = try codec.encode(vector.frame)
        let file = Self.folder.appendingPathComponent("\(vector.name).bin")
        if ProcessInfo.processInfo.environment["COUNCIL_WIRE_WRITE_GOLDEN"] == "1" {
            try Data(encoded).write(to: file)
            try Self.describe(vector, encoded).write(
                to: Self.folder.appendingPathComponent("\(vector.name).md"), atomically: true, encoding: .utf8)
        }
        let golden = [UInt8](try Data(contentsOf: file))
        #expect(encoded == golden, "encoding \(vector.name) changed; the published test vector no longer matches")
        var buffer = ByteBuffer(bytes: golden)
        let payload = try #require(try WireFraming.readFrame(from: &buffer, maxFrameBytes: 1 << 20))
        #expect(buffer.readableBytes == 0)
        #expect(try codec.decode(payload: payload) == vector.frame)
    }

    @Test("every file in Schemas/testdata is a vector")
    func noStrayFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
        let stems = Set(files.map { ($0 as NSString).deletingPathExtension })
        #expect(stems == Set(GoldenVector.names))
        #expect(files.count == 2 * GoldenVector.names.count, "each vector has its .bin and its .md: \(files.sorted())")
    }

    static func describe(_ vector: GoldenVector, _ bytes: [UInt8]) -> String {
        var text = "# \(vector.name).bin\n\n\(vector.summary)\n\n"
        text += "\(bytes.count) bytes: the 4-byte big-endian length \(bytes.count - 4), then one `council.v1.Frame`.\n\n"
        text += "## Contents\n\n" + vector.contents.map { "* `\($0)`" }.joined(separator: "\n") + "\n\n"
        text += "Fields not listed are absent (proto3 defaults).\n\n## Bytes\n\n```\n"
        for offset in stride(from: 0, to: bytes.count, by: 16) {
            let line = bytes[offset..<min(offset + 16, bytes.count)]
            let hex = line.map { String(format: "%02x", $0) }.joined(separator: " ")
            text += String(format: "%08x  ", offset) + hex + "\n"
        }
        text += "```\n"
        return text
    }
}
