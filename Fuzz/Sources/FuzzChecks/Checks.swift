// What every fuzz target checks, and the little protobuf writing they need to wrap a fuzzed message in a frame.

import CouncilAPI
import CouncilWire

/// One codec for the whole run: libFuzzer calls the target on one thread.
public nonisolated(unsafe) let codec = WireCodec(configuration: {
    var configuration = WireCodec.Configuration()
    configuration.maxFrameBytes = 64 * 1024
    configuration.decodeBudgetBytes = 256 * 1024
    return configuration
}())

/// Decodes a frame's payload; when it decodes, checks that encoding is stable and returns the frame.
@discardableResult
public func checkRoundTrip(_ payload: UnsafeRawBufferPointer) -> WireFrame? {
    guard let frame = try? codec.decode(payload: payload) else { return nil }
    checkEncoding(of: frame)
    return frame
}

/// A decoded frame must encode; what it encodes to must decode and encode again to the same bytes.
public func checkEncoding(of frame: WireFrame) {
    let first: [UInt8]
    do {
        first = try codec.encode(frame)
    } catch let error as WireError where error.code == .frameTooLarge {
        return  // a frame can grow by re-encoding defaults explicitly; not a defect
    } catch {
        fatalError("a decoded frame failed to encode: \(error)")
    }
    let again: WireFrame
    do {
        again = try first.dropFirst(4).withUnsafeBytes { try codec.decode(payload: $0) }
    } catch {
        fatalError("a re-encoded frame failed to decode: \(error)")
    }
    guard let second = try? codec.encode(again), second == first else {
        fatalError("re-encoding is not stable")
    }
}

/// The method a fuzzed message is decoded as: the one whose field number is `selector`, or else one of all the
/// methods chosen by `selector`, so that every byte value picks a method and a corpus file shows which.
public func method(selectedBy selector: UInt8) -> MethodDescriptor {
    Methods.all.first { $0.number == Int(selector) } ?? Methods.all[Int(selector) % Methods.all.count]
}

/// Protobuf encoding, just enough to put a message inside `Call` or `Response` inside `Frame`.
public enum Protobuf {
    public static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A varint field (wire type 0).
    public static func appendVarintField(_ number: Int, _ value: UInt64, to bytes: inout [UInt8]) {
        appendVarint(UInt64(number) << 3, to: &bytes)
        appendVarint(value, to: &bytes)
    }

    /// A length-delimited field (wire type 2).
    public static func appendLengthDelimited(_ number: Int, _ value: some Collection<UInt8>, to bytes: inout [UInt8]) {
        appendVarint(UInt64(number) << 3 | 2, to: &bytes)
        appendVarint(UInt64(value.count), to: &bytes)
        bytes.append(contentsOf: value)
    }
}

/// `Frame` field numbers (Schemas/council.proto).
public enum FrameField {
    public static let call = 3
    public static let response = 4
}

/// The `call_id` every wrapped call and response carries.
public let wrappedCallID: UInt64 = 1

/// `Frame{call{call_id: 1, <method>: message}}`: the payload a client sends to call `method` with `message`.
public func callPayload(_ method: MethodDescriptor, _ message: some Collection<UInt8>) -> [UInt8] {
    var call: [UInt8] = []
    Protobuf.appendVarintField(1, wrappedCallID, to: &call)
    Protobuf.appendLengthDelimited(method.number, message, to: &call)
    var frame: [UInt8] = []
    Protobuf.appendLengthDelimited(FrameField.call, call, to: &frame)
    return frame
}

/// `Frame{response{call_id: 1, <method>: message}}`: the payload a server answers `method` with.
public func responsePayload(_ method: MethodDescriptor, _ message: some Collection<UInt8>) -> [UInt8] {
    var response: [UInt8] = []
    Protobuf.appendVarintField(1, wrappedCallID, to: &response)
    Protobuf.appendLengthDelimited(method.number, message, to: &response)
    var frame: [UInt8] = []
    Protobuf.appendLengthDelimited(FrameField.response, response, to: &frame)
    return frame
}
