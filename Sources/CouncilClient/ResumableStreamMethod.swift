import CouncilAPI
import CouncilKit
internal import CouncilWire

/// A streaming method whose stream can be picked up where it stopped: after a reconnect the client calls it again
/// from the last item it delivered, and drops what the new stream repeats.
protocol ResumableStreamMethod: WireMethod {
    /// The request that continues the stream once `item` has been delivered.
    static func request(_ request: Request, after item: Response) -> Request
    /// What of `item` a stream called with `request` has not delivered yet; `nil` when it is all delivered already.
    static func unseen(_ item: Response, by request: Request) -> Response?
}

extension Methods.WatchEvents: ResumableStreamMethod {
    /// Continues after the last event's sequence number (`Schemas/PROTOCOL.md` §6).
    static func request(_ request: WatchEventsRequest, after item: WatchEventsResponse) -> WatchEventsRequest {
        WatchEventsRequest(after: max(request.after, item.events.last?.sequence ?? request.after))
    }

    /// The events after `request.after`.
    static func unseen(_ item: WatchEventsResponse, by request: WatchEventsRequest) -> WatchEventsResponse? {
        var item = item
        item.events.removeAll { $0.sequence <= request.after }
        return item.events.isEmpty ? nil : item
    }
}
