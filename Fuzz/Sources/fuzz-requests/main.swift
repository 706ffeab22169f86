// libFuzzer target `requests`: each method's generated request decoder, as the server reaches it.
//
// The first byte of an input picks the method (its field number in `Call.request`, see `method(selectedBy:)`); the
// rest is that method's request message. The target wraps it as `Frame{call{call_id: 1, <method>: rest}}` and
// decodes it through `WireCodec`, so the pre-scan, protobuf-c and the generated mapping all see it. Besides the
// round trip, a decoded call must be a call of the chosen method, and a refused one must still name call 1: the
// server answers a refusal on the call when it can read the call's id.

import CouncilWire
import FuzzChecks

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequests(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let method = method(selectedBy: data[0])
    let payload = callPayload(method, UnsafeBufferPointer(start: data + 1, count: size - 1))
    let frame: WireFrame
    do {
        frame = try payload.withUnsafeBytes { try codec.decode(payload: $0) }
    } catch let error as WireError {
        guard error.callID == wrappedCallID else {
            fatalError("a refused \(method.name) call lost its call id: \(error)")
        }
        return 0
    } catch {
        fatalError("decoding threw something other than a WireError: \(error)")
    }
    guard case .call(let call) = frame, call.callID == wrappedCallID, call.request.method == method else {
        fatalError("a \(method.name) call decoded as \(frame)")
    }
    checkEncoding(of: frame)
    return 0
}
