import CouncilAPI
import CouncilKit
import CouncilWire
import Histogram
import NIOCore
import NIOPosix

/// The kinds of call the load generator makes.
enum CallKind: String, CaseIterable, Sendable, Comparable {
    /// get-case by id, of a case picked at random from a sample of the store.
    case get
    /// submit-case: a new case from the petition office, with an external reference of its own.
    case submit
    /// find-cases: one community and one status, newest first, a page of 20.
    case find
    /// find-cases by Chinese text, newest first, a page of 20.
    case text
    /// The changes feed: 50 events after a random sequence number.
    case changes

    static func < (lhs: CallKind, rhs: CallKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which calls to make, by weight: `get=70,submit=10,find=10,text=5,changes=5`.
struct CallMix: Sendable, CustomStringConvertible {
    var weights: [(CallKind, Int)]

    init(_ weights: [(CallKind, Int)]) { self.weights = weights.filter { $0.1 > 0 } }

    init?(parsing text: String) {
        var weights: [(CallKind, Int)] = []
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=")
            guard let kind = CallKind(rawValue: String(pair[0])) else { return nil }
            let weight = pair.count > 1 ? Int(pair[1]) : 1
            guard let weight, weight >= 0 else { return nil }
            weights.append((kind, weight))
        }
        guard !weights.isEmpty else { return nil }
        self.init(weights)
    }

    static func only(_ kind: CallKind) -> CallMix { CallMix([(kind, 1)]) }

    var description: String { weights.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: ",") }

    func pick(_ random: inout Xorshift) -> CallKind {
        if weights.count == 1 { return weights[0].0 }
        let total = weights.reduce(0) { $0 + $1.1 }
        var r = Int(random.next() % UInt64(total))
        for (kind, weight) in weights {
            if r < weight { return kind }
            r -= weight
        }
        return weights[0].0
    }
}

/// A small fast random generator; each connection has its own.
struct Xorshift: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func index(_ count: Int) -> Int { Int(next() % UInt64(max(count, 1))) }
}

/// What every call of a run draws on: case ids to get, the sequence range of the changes feed.
struct Workload: Sendable {
    var caseIDs: [CaseID]
    var latestSequence: Int64
    var runTag: String

    /// The call `kind` as a request, with its random parts drawn from `random`.
    func request(_ kind: CallKind, _ random: inout Xorshift, serial: String) -> WireRequest {
        switch kind {
        case .get:
            return .getCase(GetCaseRequest(key: .id(caseIDs[random.index(caseIDs.count)])))
        case .submit:
            return .submit(SubmitRequest(submission: Corpus.submission(random: &random, reference: "\(runTag)-\(serial)")))
        case .find:
            return .findCases(FindCasesRequest(query: Corpus.communityQuery(&random)))
        case .text:
            return .findCases(FindCasesRequest(query: Corpus.textQuery(&random)))
        case .changes:
            return .listChanges(ListChangesRequest(after: Int64(random.next() % UInt64(max(latestSequence - 50, 1))), limit: 50))
        }
    }
}

/// Latencies and counts of one run, per call kind.
struct LoadResult: Sendable {
    var histograms: [CallKind: Histogram<UInt64>] = [:]
    var errors = 0
    var firstError: String?
    var windowSeconds: Double = 0
    /// Payload bytes of the responses received in the window (for the mean response size).
    var responseBytes = 0
    var responses = 0

    var completed: UInt64 { histograms.values.reduce(0) { $0 + $1.totalCount } }
    var throughput: Double { windowSeconds > 0 ? Double(completed) / windowSeconds : 0 }
    var meanResponseBytes: Int { responses > 0 ? responseBytes / responses : 0 }

    /// All kinds together.
    var overall: Histogram<UInt64> {
        var all = Self.histogram()
        for histogram in histograms.values { all.add(histogram) }
        return all
    }

    mutating func record(_ kind: CallKind, nanoseconds: UInt64) {
        if histograms[kind] == nil { histograms[kind] = Self.histogram() }
        _ = histograms[kind]!.record(max(1, nanoseconds))
    }

    mutating func error(_ text: String) {
        errors += 1
        if firstError == nil { firstError = text }
    }

    mutating func merge(_ other: LoadResult) {
        for (kind, histogram) in other.histograms {
            if histograms[kind] == nil { histograms[kind] = histogram } else { histograms[kind]!.add(histogram) }
        }
        errors += other.errors
        firstError = firstError ?? other.firstError
        responseBytes += other.responseBytes
        responses += other.responses
    }

    static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000_000, numberOfSignificantValueDigits: .three)
    }
}

/// How a load run goes: connections × calls in flight, warm-up, then the timed window.
struct LoadPlan: Sendable {
    var connections = 4
    var inFlight = 32
    var warmup: Duration = .seconds(1)
    var window: Duration = .seconds(3)
    var clientThreads = 1
}

/// The load generator for councild's protocol and for the echo server: one NIO channel per connection, each
/// keeping its calls in flight, writing new calls as answers arrive and flushing once per read burst.
enum LoadGenerator {
    /// The server to load.
    enum Target: Sendable {
        /// councild: handshake with a key, then calls.
        case council(host: String, port: Int, system: String, key: String)
        /// The transport bound: every frame (the bytes of a get-case call) is answered by one frame of
        /// `replyBytes`, in order.
        case echo(host: String, port: Int, request: [UInt8])
    }

    static func run(_ target: Target, plan: LoadPlan, mix: CallMix, workload: Workload) async throws -> LoadResult {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: plan.clientThreads)
        do {
            let result = try await run(target, plan: plan, mix: mix, workload: workload, group: group)
            try await group.shutdownGracefully()
            return result
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private static func run(
        _ target: Target, plan: LoadPlan, mix: CallMix, workload: Workload, group: MultiThreadedEventLoopGroup
    ) async throws -> LoadResult {
        let start = NIODeadline.now()
        let windowStart = start + .nanoseconds(Int64(plan.warmup.components.seconds * 1_000_000_000 + plan.warmup.components.attoseconds / 1_000_000_000))
        let windowEnd = windowStart + .nanoseconds(Int64(plan.window.components.seconds * 1_000_000_000 + plan.window.components.attoseconds / 1_000_000_000))
        let (host, port): (String, Int) = {
            switch target {
            case .council(let host, let port, _, _): return (host, port)
            case .echo(let host, let port, _): return (host, port)
            }
        }()
        var futures: [EventLoopFuture<LoadResult>] = []
        for index in 0..<plan.connections {
            let loop = group.next()
            let promise = loop.makePromise(of: LoadResult.self)
            let bootstrap = ClientBootstrap(group: loop)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(
                            CallDriver(
                                connection: index, target: target, inFlight: plan.inFlight, mix: mix, workload: workload,
                                seed: UInt64(index + 1) &* 0x2545_F491_4F6C_DD1D, windowStart: windowStart,
                                windowEnd: windowEnd, done: promise))
                    }
                }
            bootstrap.connect(host: host, port: port).whenFailure { promise.fail($0) }
            futures.append(promise.futureResult)
        }
        var result = LoadResult()
        for future in futures {
            result.merge(try await future.get())
        }
        result.windowSeconds = Double((windowEnd - windowStart).nanoseconds) / 1e9
        return result
    }
}

/// Drives one connection: keeps `inFlight` calls outstanding until the window ends, records the latency of each
/// call sent and answered within the window, and reports when its last call is answered.
private final class CallDriver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let connection: Int
    private let target: LoadGenerator.Target
    private let inFlight: Int
    private let mix: CallMix
    private let workload: Workload
    private var random: Xorshift
    private let windowStart: NIODeadline
    private let windowEnd: NIODeadline
    private let done: EventLoopPromise<LoadResult>
    private let codec = WireCodec()
    private var result = LoadResult()
    private var nextCallID: UInt64 = 1
    /// Calls in flight by id (councild answers in any order).
    private var pending: [UInt64: (start: UInt64, kind: CallKind)] = [:]
    /// Start times in order (the echo server answers in order).
    private var fifo = CircularBuffer<UInt64>()
    private var ready = false
    private var finished = false
    private var unflushed = false
    private var verified = 0
    private var watchdog: Scheduled<Void>?

    init(
        connection: Int, target: LoadGenerator.Target, inFlight: Int, mix: CallMix, workload: Workload, seed: UInt64,
        windowStart: NIODeadline, windowEnd: NIODeadline, done: EventLoopPromise<LoadResult>
    ) {
        self.connection = connection
        self.target = target
        self.inFlight = inFlight
        self.mix = mix
        self.workload = workload
        self.random = Xorshift(seed: seed)
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        watchdog = context.eventLoop.scheduleTask(deadline: windowEnd + .seconds(30)) {
            let (driver, context) = bound.value
            driver.result.error("calls still unanswered 30 s after the window")
            driver.finish(context)
        }
        switch target {
        case .council(_, _, let system, let key):
            send(.handshake(Handshake(clientSystem: system, clientInstance: "councilbench", bearerToken: key)), context)
            context.flush()
        case .echo:
            ready = true
            fill(context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let payload = unwrapInboundIn(data)
        let now = NIODeadline.now()
        switch target {
        case .echo:
            guard let start = fifo.popFirst() else { return }
            record(.get, start: start, now: now, bytes: payload.readableBytes)
        case .council:
            guard ready else { return handshakeAnswered(payload, context) }
            answered(payload, now: now, context)
        }
        if finished { return }
        if now < windowEnd {
            sendCall(context)
        } else if pending.isEmpty && fifo.isEmpty {
            finish(context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        result.error("connection error: \(error)")
        finish(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished {
            if !pending.isEmpty || !fifo.isEmpty { result.error("the server closed the connection") }
            finish(context)
        }
    }

    private func handshakeAnswered(_ payload: ByteBuffer, _ context: ChannelHandlerContext) {
        guard case .handshakeResult(let answer) = try? codec.decode(payload: payload), answer.status.code == .ok else {
            result.error("the handshake was refused")
            return finish(context)
        }
        ready = true
        fill(context)
    }

    /// A response frame of councild: its call id and status code, read without decoding the whole frame; the first
    /// few of each connection are decoded in full to check they are what was asked for.
    private func answered(_ payload: ByteBuffer, now: NIODeadline, _ context: ChannelHandlerContext) {
        guard let scanned = ResponseScan(payload) else {
            result.error("a frame that is not a response")
            return finish(context)
        }
        guard let call = pending.removeValue(forKey: scanned.callID) else { return }
        if scanned.status != 0 {
            result.error("\(call.kind.rawValue): status \(scanned.status)")
        } else if verified < 4 {
            verified += 1
            if !Self.matches(try? codec.decode(payload: payload), call.kind) {
                result.error("\(call.kind.rawValue): the response does not carry what was asked for")
            }
        }
        if scanned.status == 0 { record(call.kind, start: call.start, now: now, bytes: payload.readableBytes) }
    }

    private static func matches(_ frame: WireFrame?, _ kind: CallKind) -> Bool {
        guard case .response(let response)? = frame, let body = response.response else { return false }
        switch (kind, body) {
        case (.get, .getCase), (.submit, .submit), (.find, .findCases), (.text, .findCases), (.changes, .listChanges): return true
        default: return false
        }
    }

    private func record(_ kind: CallKind, start: UInt64, now: NIODeadline, bytes: Int) {
        guard start >= windowStart.uptimeNanoseconds, now <= windowEnd else { return }
        result.record(kind, nanoseconds: now.uptimeNanoseconds - start)
        result.responseBytes += bytes
        result.responses += 1
    }

    private func fill(_ context: ChannelHandlerContext) {
        for _ in 0..<inFlight { sendCall(context) }
        context.flush()
    }

    private func sendCall(_ context: ChannelHandlerContext) {
        let start = NIODeadline.now().uptimeNanoseconds
        switch target {
        case .echo(_, _, let request):
            var buffer = context.channel.allocator.buffer(capacity: request.count + 4)
            buffer.writeInteger(UInt32(request.count), endianness: .big)
            buffer.writeBytes(request)
            fifo.append(start)
            context.write(wrapOutboundOut(buffer), promise: nil)
        case .council:
            let id = nextCallID
            nextCallID += 1
            let kind = mix.pick(&random)
            pending[id] = (start, kind)
            send(.call(WireCall(callID: id, request: workload.request(kind, &random, serial: "c\(connection)-\(id)"))), context)
        }
        unflushed = true
    }

    private func send(_ frame: WireFrame, _ context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        do {
            try codec.encode(frame, into: &buffer)
            context.write(wrapOutboundOut(buffer), promise: nil)
        } catch {
            result.error("could not encode a call: \(error)")
        }
    }

    private func finish(_ context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        watchdog?.cancel()
        context.close(promise: nil)
        done.succeed(result)
    }
}

/// The call id and status code of a councild `Frame{response}`, read straight from the protobuf encoding.
struct ResponseScan {
    var callID: UInt64 = 0
    var status: UInt64 = 0

    init?(_ payload: ByteBuffer) {
        let found: ResponseScan? = payload.withUnsafeReadableBytes { bytes in
            var reader = ProtoReader(bytes)
            // Frame: field 4 is the response.
            while let (field, wire) = reader.tag() {
                if field == 4, wire == 2, var response = reader.message() {
                    var scan = ResponseScan(empty: ())
                    while let (field, wire) = response.tag() {
                        if field == 1, wire == 0 {
                            scan.callID = response.varint() ?? 0
                        } else if field == 2, wire == 2, var status = response.message() {
                            while let (field, wire) = status.tag() {
                                if field == 1, wire == 0 { scan.status = status.varint() ?? 0 } else if !status.skip(wire) { break }
                            }
                        } else if !response.skip(wire) {
                            return nil
                        }
                    }
                    return scan
                }
                if !reader.skip(wire) { return nil }
            }
            return nil
        }
        guard let found else { return nil }
        self = found
    }

    private init(empty: Void) {}
}

/// Just enough of the protobuf encoding to walk fields.
struct ProtoReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    private let end: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    private init(_ bytes: UnsafeRawBufferPointer, offset: Int, end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < end, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    mutating func tag() -> (field: UInt64, wire: UInt64)? {
        guard offset < end, let key = varint() else { return nil }
        return (key >> 3, key & 7)
    }

    mutating func message() -> ProtoReader? {
        guard let length = varint(), offset + Int(length) <= end else { return nil }
        defer { offset += Int(length) }
        return ProtoReader(bytes, offset: offset, end: offset + Int(length))
    }

    mutating func skip(_ wire: UInt64) -> Bool {
        switch wire {
        case 0: return varint() != nil
        case 1: offset += 8
        case 2:
            guard let length = varint() else { return false }
            offset += Int(length)
        case 5: offset += 4
        default: return false
        }
        return offset <= end
    }
}
