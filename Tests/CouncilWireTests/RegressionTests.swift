import CouncilAPI
@testable import CouncilWire
import Foundation
import NIOCore
import Testing

/// Inputs that once crashed or misbehaved under the fuzzer (Fuzz/run.sh), replayed through the same checks.
@Suite("Fuzzer regressions")
struct RegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
    }

    @Test("each kept input decodes or fails cleanly, and re-encoding is stable", arguments: inputs)
    func replay(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let codec = WireCodec()
        var payloads = [bytes]
        var buffer = ByteBuffer(bytes: bytes)
        while let payload = try? WireFraming.readFrame(from: &buffer, maxFrameBytes: 1 << 20) {
            payloads.append(Array(buffer: payload))
        }
        for payload in payloads {
            guard let frame = try? codec.decode(payload: payload) else { continue }
            let first = try codec.encode(frame)
            let again = try codec.decode(payload: Array(first.dropFirst(4)))
            #expect(try codec.encode(again) == first)
        }
    }
}
