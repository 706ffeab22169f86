// libFuzzer target `frames`: frame splitting and envelope decoding must never crash, hang or leak on any input, and
// whatever decodes must re-encode to bytes that decode and re-encode to the same bytes.

import CouncilWire
import FuzzChecks
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    // The whole input as one payload.
    checkRoundTrip(input)
    // The input as a stream of length-prefixed frames.
    var buffer = ByteBuffer(bytes: input)
    while true {
        guard let payload = try? WireFraming.readFrame(from: &buffer, maxFrameBytes: codec.configuration.maxFrameBytes) else { break }
        payload.withUnsafeReadableBytes { checkRoundTrip($0) }
    }
    return 0
}
