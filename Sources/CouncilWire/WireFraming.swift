import CouncilAPI
import NIOCore

/// The framing of the protocol: each frame is a 4-byte big-endian unsigned length, then that many bytes of an
/// encoded `council.v1.Frame`.
public enum WireFraming {
    /// The size of the length prefix.
    public static let headerSize = 4

    /// The payload length a header announces, checked against `maxFrameBytes` before any payload is read.
    ///
    /// - Returns: `nil` when fewer than 4 bytes are available.
    /// - Throws: ``WireError/Code/frameTooLarge`` when the header announces more than `maxFrameBytes`.
    public static func payloadLength(in buffer: ByteBuffer, maxFrameBytes: Int) throws -> Int? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else { return nil }
        guard Int(length) <= maxFrameBytes else {
            throw WireError(.frameTooLarge, "the frame announces \(length) bytes; at most \(maxFrameBytes) are accepted")
        }
        return Int(length)
    }

    /// Removes the next whole frame's payload from `buffer`.
    ///
    /// - Returns: the payload, or `nil` when `buffer` does not hold a whole frame yet (nothing is consumed).
    /// - Throws: ``WireError/Code/frameTooLarge`` as soon as the header is readable.
    public static func readFrame(from buffer: inout ByteBuffer, maxFrameBytes: Int) throws -> ByteBuffer? {
        guard let length = try payloadLength(in: buffer, maxFrameBytes: maxFrameBytes),
            buffer.readableBytes >= headerSize + length
        else { return nil }
        buffer.moveReaderIndex(forwardBy: headerSize)
        return buffer.readSlice(length: length)
    }
}

/// Splits a byte stream into frame payloads: reads the 4-byte big-endian length, refuses a length above the
/// maximum frame size at once (before buffering any payload), and emits each complete payload as a `ByteBuffer`.
///
/// At the end of the stream a partial frame left over raises ``WireError/Code/truncatedFrame``.
public struct LengthPrefixedFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The largest payload accepted.
    public let maxFrameBytes: Int

    /// Creates a decoder.
    /// - Parameter maxFrameBytes: The largest payload accepted; default 1 MiB.
    public init(maxFrameBytes: Int = Int(ConnectionLimits().maxFrameBytes)) {
        self.maxFrameBytes = maxFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let payload = try WireFraming.readFrame(from: &buffer, maxFrameBytes: maxFrameBytes) else {
            return .needMoreData
        }
        context.fireChannelRead(Self.wrapInboundOut(payload))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 {
            let left = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: left)
            throw WireError(.truncatedFrame, "the connection ended \(left) bytes into a frame")
        }
        return .needMoreData
    }
}

/// Writes each outbound payload with its 4-byte big-endian length prefix.
public struct LengthPrefixedFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    /// The largest payload written; a larger one fails the write with ``WireError/Code/frameTooLarge``.
    public let maxFrameBytes: Int

    /// Creates an encoder.
    /// - Parameter maxFrameBytes: The largest payload sent; default 1 MiB.
    public init(maxFrameBytes: Int = Int(ConnectionLimits().maxFrameBytes)) {
        self.maxFrameBytes = maxFrameBytes
    }

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        guard data.readableBytes <= maxFrameBytes else {
            throw WireError(.frameTooLarge, "the frame is \(data.readableBytes) bytes; at most \(maxFrameBytes) may be sent")
        }
        out.reserveCapacity(WireFraming.headerSize + data.readableBytes)
        out.writeInteger(UInt32(data.readableBytes), endianness: .big)
        out.writeImmutableBuffer(data)
    }
}
