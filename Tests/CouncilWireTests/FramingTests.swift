import CouncilAPI
import CouncilWire
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

/// The 4-byte length prefix over NIO.
@Suite("Length-prefixed framing")
struct FramingTests {
    static func framed(_ payload: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: PB.framed(payload)) }

    @Test("the decoder emits each payload however the bytes arrive")
    func verifier() throws {
        let a: [UInt8] = Array("小区垃圾".utf8)
        let b: [UInt8] = []
        let c = [UInt8](repeating: 0x5A, count: 300)
        var joined = Self.framed(a)
        var rest = Self.framed(b)
        joined.writeBuffer(&rest)
        var third = Self.framed(c)
        joined.writeBuffer(&third)
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (Self.framed(a), [ByteBuffer(bytes: a)]),
                (Self.framed(b), [ByteBuffer(bytes: b)]),
                (joined, [ByteBuffer(bytes: a), ByteBuffer(bytes: b), ByteBuffer(bytes: c)]),
            ],
            decoderFactory: { LengthPrefixedFrameDecoder(maxFrameBytes: 1024) })
    }

    @Test("an oversized length fails as soon as the header arrives, before any payload")
    func oversized() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LengthPrefixedFrameDecoder(maxFrameBytes: 1024)))
        defer { _ = try? channel.finish() }
        #expect(throws: WireError.self) { try channel.writeInbound(ByteBuffer(bytes: [0x00, 0x00, 0x04, 0x01])) }
    }

    @Test("a stream ending inside a frame reports a truncated frame")
    func truncatedAtEOF() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LengthPrefixedFrameDecoder(maxFrameBytes: 1024)))
        try channel.writeInbound(ByteBuffer(bytes: [0x00, 0x00, 0x00, 0x05, 0x01, 0x02]))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        do {
            _ = try channel.finish()
            Issue.record("expected a truncated-frame error")
        } catch let error as WireError {
            #expect(error.code == .truncatedFrame)
        }
    }

    @Test("the encoder writes the length prefix and refuses oversized payloads")
    func encoder() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(LengthPrefixedFrameEncoder(maxFrameBytes: 8)))
        defer { _ = try? channel.finish() }
        try channel.writeOutbound(ByteBuffer(bytes: [1, 2, 3]))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(bytes: [0, 0, 0, 3, 1, 2, 3]))
        #expect(throws: WireError.self) { try channel.writeOutbound(ByteBuffer(bytes: [UInt8](repeating: 0, count: 9))) }
    }

    @Test("frames written by the codec pass through decoder and encoder unchanged")
    func codecThroughPipeline() throws {
        let codec = WireCodec()
        var bytes = ByteBuffer()
        for frame in WireFixtures.controlFrames { try codec.encode(frame, into: &bytes) }
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LengthPrefixedFrameDecoder()))
        defer { _ = try? channel.finish() }
        try channel.writeInbound(bytes)
        var decoded: [WireFrame] = []
        while let payload = try channel.readInbound(as: ByteBuffer.self) { decoded.append(try codec.decode(payload: payload)) }
        #expect(decoded == WireFixtures.controlFrames)
    }
}
