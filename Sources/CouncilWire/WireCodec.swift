import CCouncilWireSupport
import CProtobufC
import CouncilAPI
import CouncilKit
import CouncilWireC
import NIOCore

/// Encodes and decodes `council.v1.Frame` messages with protobuf-c, defensively.
///
/// Decoding a payload goes through four gates, each ending in a specific ``WireError``:
/// 1. its size against ``Configuration/maxFrameBytes`` (``WireError/Code/frameTooLarge``);
/// 2. a pre-scan in C that walks the encoding without allocating and checks every string field is UTF-8 without
///    NUL (``WireError/Code/invalidUTF8``, ``WireError/Code/embeddedNUL``, ``WireError/Code/malformedMessage``);
/// 3. `protobuf_c_message_unpack` into an arena whose allocations are capped by
///    ``Configuration/decodeBudgetBytes`` (``WireError/Code/decodeBudgetExceeded``);
/// 4. conversion straight into CouncilKit values, rejecting unknown enum values and missing fields by name.
///
/// A codec keeps two arenas that it reuses for every frame, so it is not thread-safe: give each connection (or
/// event loop) its own.
public final class WireCodec {
    /// Limits of a codec.
    public struct Configuration: Sendable {
        /// The largest payload accepted or produced, in bytes. Default 1 MiB.
        public var maxFrameBytes: Int
        /// The most memory unpacking one frame may claim, in bytes (each allocation counts 16 bytes on top of its
        /// size). Default 8 MiB.
        public var decodeBudgetBytes: Int

        /// The defaults.
        public init() {
            self.maxFrameBytes = Int(ConnectionLimits().maxFrameBytes)
            self.decodeBudgetBytes = Int(ConnectionLimits().decodeBudgetBytes)
        }

        /// The codec limits of a connection's limits.
        public init(_ limits: ConnectionLimits) {
            self.maxFrameBytes = Int(limits.maxFrameBytes)
            self.decodeBudgetBytes = Int(limits.decodeBudgetBytes)
        }
    }

    /// The limits in force.
    public let configuration: Configuration
    private let decodeArena: Arena
    private let encodeArena: Arena

    /// Creates a codec.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.decodeArena = Arena(budget: max(0, configuration.decodeBudgetBytes))
        self.encodeArena = Arena(budget: Int.max)
    }

    deinit {
        decodeArena.destroy()
        encodeArena.destroy()
    }

    // MARK: Decoding

    /// Decodes one frame's payload: the bytes after the 4-byte length prefix.
    /// - Throws: ``WireError``; its ``WireError/callID`` is set when the frame was a call whose id could be read.
    public func decode(payload: UnsafeRawBufferPointer) throws -> WireFrame {
        guard payload.count <= configuration.maxFrameBytes else {
            throw WireError(
                .frameTooLarge, "the frame is \(payload.count) bytes; at most \(configuration.maxFrameBytes) are accepted")
        }
        let bytes = payload.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var scan = council_scan_result()
        let code = council_scan(council_frame_descriptor(), bytes, payload.count, council_call_descriptor(), &scan)
        let callID = scan.has_captured != 0 && scan.captured != 0 ? scan.captured : nil
        guard code == COUNCIL_SCAN_OK else { throw Self.error(for: code, scan: &scan, callID: callID) }

        defer { decodeArena.reset() }
        guard let unpacked = council__v1__frame__unpack(decodeArena.allocator, payload.count, bytes) else {
            if decodeArena.exhausted {
                throw WireError(
                    .decodeBudgetExceeded,
                    "decoding the frame needs more than the decode budget of \(configuration.decodeBudgetBytes) bytes",
                    callID: callID)
            }
            throw WireError(.malformedMessage, "the frame is not a valid council.v1.Frame", callID: callID)
        }
        return try Decode.frame(unpacked)
    }

    /// Decodes one frame's payload.
    public func decode(payload: ByteBuffer) throws -> WireFrame {
        try payload.withUnsafeReadableBytes { try decode(payload: $0) }
    }

    /// Decodes one frame's payload.
    public func decode(payload: [UInt8]) throws -> WireFrame {
        try payload.withUnsafeBytes { try decode(payload: $0) }
    }

    private static func error(for code: council_scan_code, scan: inout council_scan_result, callID: UInt64?) -> WireError {
        let path = withUnsafeBytes(of: &scan.path) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let field = path.isEmpty ? nil : relativeFieldPath(path)
        let name = field ?? "the frame"
        switch code {
        case COUNCIL_SCAN_INVALID_UTF8:
            return WireError(.invalidUTF8, "\(name) is not valid UTF-8", field: field, callID: callID)
        case COUNCIL_SCAN_EMBEDDED_NUL:
            return WireError(.embeddedNUL, "\(name) contains a NUL character", field: field, callID: callID)
        case COUNCIL_SCAN_TOO_DEEP:
            return WireError(.messageTooDeep, "the frame nests messages deeper than the schema allows", callID: callID)
        default:
            return WireError(.malformedMessage, "the frame is not a valid protobuf encoding", field: field, callID: callID)
        }
    }

    /// `call.submit.submission.title` → `submission.title`; `call.metadata.trace_id` → `metadata.trace_id`;
    /// `response.get_case.case.id` → `case.id`. Other paths stay whole.
    static func relativeFieldPath(_ path: String) -> String {
        var parts = path.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, first == "call" || first == "response" else { return path }
        parts.removeFirst()
        if parts.count > 1, parts[0] != "metadata", parts[0] != "status" { parts.removeFirst() }
        return parts.joined(separator: ".")
    }

    // MARK: Encoding

    /// Appends `frame`'s payload, without a length prefix, to `buffer`.
    /// - Throws: ``WireError/Code/embeddedNUL`` for a string the wire cannot carry;
    ///   ``WireError/Code/frameTooLarge`` when the payload would exceed ``Configuration/maxFrameBytes``.
    public func encode(payloadOf frame: WireFrame, into buffer: inout ByteBuffer) throws {
        try pack(frame) { message, size in
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { out in
                council__v1__frame__pack(message, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// Appends `frame` with its 4-byte big-endian length prefix to `buffer`.
    /// - Throws: as ``encode(payloadOf:into:)``.
    public func encode(_ frame: WireFrame, into buffer: inout ByteBuffer) throws {
        try pack(frame) { message, size in
            buffer.writeInteger(UInt32(size), endianness: .big)
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { out in
                council__v1__frame__pack(message, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// `frame` with its 4-byte length prefix, as bytes.
    public func encode(_ frame: WireFrame) throws -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 256)
        try encode(frame, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    private func pack(_ frame: WireFrame, _ write: (UnsafeMutablePointer<Council__V1__Frame>, Int) -> Void) throws {
        defer { encodeArena.reset() }
        let message = encodeArena.make(council__v1__frame__init)
        try encodeArena.encode(frame, into: message)
        let size = council__v1__frame__get_packed_size(message)
        guard size <= configuration.maxFrameBytes else {
            throw WireError(
                .frameTooLarge, "the frame would be \(size) bytes; at most \(configuration.maxFrameBytes) may be sent")
        }
        write(message, size)
    }
}

@available(*, unavailable, message: "a WireCodec reuses C arenas; give each connection its own")
extension WireCodec: Sendable {}
