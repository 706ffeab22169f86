// libFuzzer entry point: frame splitting and envelope decoding must never crash, hang or leak on any input, and
// whatever decodes must re-encode to bytes that decode and re-encode to the same bytes.

import CouncilWire
import NIOCore

nonisolated(unsafe) let codec = WireCodec(configuration: {
    var configuration = WireCodec.Configuration()
    configuration.maxFrameBytes = 64 * 1024
    configuration.decodeBudgetBytes = 256 * 1024
    return configuration
}())

/// Decodes a payload; when it decodes, checks that encoding is stable.
func check(_ payload: UnsafeRawBufferPointer) {
    guard let frame = try? codec.decode(payload: payload) else { return }
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

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    // The whole input as one payload.
    check(input)
    // The input as a stream of length-prefixed frames.
    var buffer = ByteBuffer(bytes: input)
    while true {
        guard let payload = try? WireFraming.readFrame(from: &buffer, maxFrameBytes: codec.configuration.maxFrameBytes) else { break }
        payload.withUnsafeReadableBytes { check($0) }
    }
    return 0
}
