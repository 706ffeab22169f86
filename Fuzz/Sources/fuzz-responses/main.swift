// libFuzzer target `responses`: each method's generated response decoder, as the client reaches it.
//
// The first byte of an input picks the method (its field number in `Response.response`, see
// `method(selectedBy:)`); the rest is that method's response message. The target wraps it as
// `Frame{response{call_id: 1, <method>: rest}}` and decodes it through `WireCodec`. Besides the round trip, a decoded
// response must answer call 1 with a result of the chosen method.

import CouncilWire
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponses(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let method = method(selectedBy: data[0])
    let payload = responsePayload(method, UnsafeBufferPointer(start: data + 1, count: size - 1))
    let frame: WireFrame
    do {
        frame = try payload.withUnsafeBytes { try codec.decode(payload: $0) }
    } catch is WireError {
        return 0
    } catch {
        fatalError("decoding threw something other than a WireError: \(error)")
    }
    guard case .response(let response) = frame, response.callID == wrappedCallID,
        response.response?.method == method
    else {
        fatalError("a \(method.name) response decoded as \(frame)")
    }
    checkEncoding(of: frame)
    return 0
}
