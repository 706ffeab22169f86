import CouncilAPI
import CouncilKit
import CouncilNode
import CouncilServer
import CouncilTestKit
import CouncilWire
import Synchronization
import Testing

/// Hostile and broken peers over a plain TCP socket: each gets the status or the close PROTOCOL.md documents
/// (§2, §4, §5.2, §7, §8, §9.3), and the daemon keeps serving everyone else.
@Suite("councild over a raw socket")
struct ServerRawSocketTests {
    // MARK: Helpers

    /// Reads until the server closes; expects exactly one GoAway among the frames and returns it.
    @discardableResult
    private func expectGoAwayThenClose(
        _ connection: RawWireConnection, _ code: StatusCode, reason: String, lastCallID: UInt64? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> GoAway? {
        let frames = await connection.framesUntilClose()
        guard let frames else {
            Issue.record("the server did not close the connection", sourceLocation: sourceLocation)
            return nil
        }
        let goAways = frames.compactMap { frame -> GoAway? in
            if case .goAway(let goAway) = frame { return goAway }
            return nil
        }
        #expect(goAways.count == 1, "frames before the close: \(frames)", sourceLocation: sourceLocation)
        guard let goAway = goAways.first else { return nil }
        #expect(goAway.status.code == code, "\(goAway.status)", sourceLocation: sourceLocation)
        #expect(goAway.status.reason == reason, "\(goAway.status)", sourceLocation: sourceLocation)
        if let lastCallID { #expect(goAway.lastCallID == lastCallID, sourceLocation: sourceLocation) }
        return goAway
    }

    /// Reads the handshake result and expects the server to close right after it.
    private func expectRefusal(
        _ result: HandshakeResult, _ connection: RawWireConnection, _ code: StatusCode, reason: String, field: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        #expect(result.status.code == code, "\(result.status)", sourceLocation: sourceLocation)
        #expect(result.status.reason == reason, sourceLocation: sourceLocation)
        if let field { #expect(result.status.field == field, sourceLocation: sourceLocation) }
        #expect(result.limits == nil, "a refused connection is told no limits", sourceLocation: sourceLocation)
        #expect(await connection.closesWithoutMoreFrames(), "the server closes right after a refusal", sourceLocation: sourceLocation)
    }

    /// A call frame's payload whose request oneof sets field `method`, an empty message the server does not know.
    private func unknownMethodCall(id: UInt64, method: UInt64 = 99) -> [UInt8] {
        var call: [UInt8] = [0x08] + varint(id)
        call += varint(method << 3 | 2) + [0x00]
        return [0x1a] + varint(UInt64(call.count)) + call
    }

    private func varint(_ value: UInt64) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    /// The payload of a submit call whose title's first bytes are replaced by `bytes`.
    private func submitPayload(id: UInt64, titleStartingWith bytes: [UInt8]) throws -> [UInt8] {
        let marker = Array("MARKER-TITLE".utf8)
        var payload = try RawWireConnection.payload(of: .call(WireCall(callID: id, request: .submit(SubmitRequest(submission: Harness.submission("MARKER-TITLE"))))))
        let start = try #require((0...(payload.count - marker.count)).first { Array(payload[$0..<($0 + marker.count)]) == marker })
        payload.replaceSubrange(start..<(start + bytes.count), with: bytes)
        return payload
    }

    // MARK: Framing (§2, §8)

    @Test("garbage that reads as a huge length (an HTTP request) gets GoAway RESOURCE_EXHAUSTED frameTooLarge and a close")
    func httpGarbage() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            await connection.send(Array("GET / HTTP/1.1\r\nHost: councild\r\n\r\n".utf8))
            try await expectGoAwayThenClose(connection, .resourceExhausted, reason: "frameTooLarge", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("garbage inside a plausible length gets GoAway INVALID_ARGUMENT malformedMessage and a close")
    func garbagePayload() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            await connection.send(payload: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "malformedMessage", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("garbage after the handshake also ends that connection, and only that one")
    func garbageAfterHandshake() async throws {
        try await TestDaemon.with { server in
            let bystander = try await server.raw()
            let connection = try await server.raw()
            try await connection.call(1, .getServerInfo(GetServerInfoRequest()))
            #expect(try await connection.nextResponse().callID == 1)
            await connection.send(payload: [0x1a, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff])
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "malformedMessage", lastCallID: 1)

            try await bystander.call(1, .checkHealth(CheckHealthRequest()))
            let answer = try await bystander.nextResponse()
            #expect(answer.status.isOK && answer.response == .checkHealth(.serving))
            await bystander.close()
            await server.expectStillServing()
        }
    }

    @Test("a length header of 2 GiB is refused from the header alone: GoAway RESOURCE_EXHAUSTED frameTooLarge, close")
    func twoGiBHeader() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.call(1, .getServerInfo(GetServerInfoRequest()))
            #expect(try await connection.nextResponse().callID == 1)
            // Only the 4 length bytes: the GoAway can only come from the header, not from a buffered payload.
            await connection.send([0x80, 0x00, 0x00, 0x00])
            try await expectGoAwayThenClose(connection, .resourceExhausted, reason: "frameTooLarge", lastCallID: 1)
            await server.expectStillServing()
        }
    }

    @Test("one byte over max_frame_bytes is refused, exactly max_frame_bytes is read")
    func frameSizeBoundary() async throws {
        try await TestDaemon.with(limits: { $0.maxFrameBytes = 4096 }) { server in
            let connection = try await server.raw()
            // A ping padded with an unknown field to exactly 4096 bytes: accepted and answered.
            var ping = try RawWireConnection.payload(of: .ping(7))
            let padding = 4096 - ping.count - 4  // tag (field 100, wire type 2) takes 2 bytes, length 2 bytes
            ping += varint(100 << 3 | 2) + varint(UInt64(padding)) + [UInt8](repeating: 0x61, count: padding)
            #expect(ping.count == 4096)
            await connection.send(payload: ping)
            let pong = try await connection.nextFrame()
            #expect(pong == .pong(7))

            await connection.send([0x00, 0x00, 0x10, 0x01])  // 4097
            try await expectGoAwayThenClose(connection, .resourceExhausted, reason: "frameTooLarge")
            await server.expectStillServing()
        }
    }

    @Test("a frame that takes longer than the frame read timeout to arrive is cut off: GoAway DEADLINE_EXCEEDED frameReadTimeout, close")
    func slowloris() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        try await TestDaemon.with(limits: { $0.frameReadTimeoutMilliseconds = 350 }, clock: clock) { server in
            let connection = try await server.raw()
            let frame = try WireCodec().encode(.call(WireCall(callID: 1, request: .findCases(FindCasesRequest(query: CaseQuery(text: "一字一字地发送"))))))
            await connection.send(Array(frame.prefix(7)))
            // The frame's timer, the only one due that soon: a count of all timers could be met by others first.
            await clock.waitForTimers(dueBy: CouncilFixtures.monday.adding(milliseconds: 350))
            clock.advance(milliseconds: 349)
            await connection.send(Array(frame.dropFirst(7).prefix(7)))  // more bytes do not restart the clock
            clock.advance(milliseconds: 1)
            try await expectGoAwayThenClose(connection, .deadlineExceeded, reason: "frameReadTimeout", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("input that ends in the middle of a frame gets GoAway INVALID_ARGUMENT truncatedFrame, then the close")
    func truncatedFrame() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            let frame = try WireCodec().encode(.call(WireCall(callID: 1, request: .getServerInfo(GetServerInfoRequest()))))
            await connection.send(Array(frame.prefix(frame.count - 2)))
            try await connection.closeOutput()
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "truncatedFrame", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("a client that closes its sending side after its calls still gets their answers, then the close")
    func halfClose() async throws {
        try await GatedServer.with { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind)
            try await connection.call(2, .getServerInfo(GetServerInfoRequest()))
            try await server.gate.waitForArrivals(1)
            try await connection.closeOutput()
            server.gate.open()
            let frames = await connection.framesUntilClose()
            let answered = frames?.compactMap { frame -> UInt64? in
                if case .response(let response) = frame, response.status.isOK { return response.callID }
                return nil
            }
            #expect(Set(answered ?? []) == [1, 2], "both calls answered before the close: \(String(describing: frames))")
        }
    }

    // MARK: Handshake (§4)

    @Test("a call before the handshake gets GoAway INVALID_ARGUMENT handshakeRequired, close, and no answer")
    func callBeforeHandshake() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            try await connection.call(1, .getServerInfo(GetServerInfoRequest()))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "handshakeRequired", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("a ping before the handshake gets GoAway handshakeRequired too")
    func pingBeforeHandshake() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            try await connection.send(.ping(1))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "handshakeRequired")
            await server.expectStillServing()
        }
    }

    @Test("a cancel as the first frame gets GoAway handshakeRequired: the first frame must be a handshake")
    func cancelBeforeHandshake() async throws {
        try await TestDaemon.with(limits: { $0.handshakeTimeoutMilliseconds = 3000 }) { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            try await connection.send(.cancel(callID: 1))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "handshakeRequired", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("no handshake within the handshake timeout: GoAway DEADLINE_EXCEEDED handshakeTimeout, close", arguments: [0, 6])
    func handshakeTimeout(bytesSent: Int) async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        try await TestDaemon.with(limits: { $0.handshakeTimeoutMilliseconds = 250 }, clock: clock) { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            // The connection's handshake timer, the only one due that soon.
            await clock.waitForTimers(dueBy: CouncilFixtures.monday.adding(milliseconds: 250))
            if bytesSent > 0 {  // half a handshake counts as none
                let handshake = try WireCodec().encode(.handshake(Handshake(clientSystem: "hall-staff", bearerToken: "demo-hall-staff")))
                await connection.send(Array(handshake.prefix(bytesSent)))
            }
            clock.advance(milliseconds: 250)
            try await expectGoAwayThenClose(connection, .deadlineExceeded, reason: "handshakeTimeout", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("a handshake in time is accepted and told the configured limits")
    func handshakeAccepted() async throws {
        try await TestDaemon.with(limits: { $0.maxConcurrentCalls = 7; $0.idleTimeoutMilliseconds = 60_000 }) { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            let result = try await connection.handshake(system: "petition-office", key: "demo-petition-office")
            #expect(result.status.isOK)
            #expect(result.protocolVersion == 1)
            #expect(result.serverID == "test-councild")
            #expect(result.limits?.maxConcurrentCalls == 7)
            #expect(result.limits?.idleTimeoutMilliseconds == 60_000)
            #expect(result.limits?.maxFrameBytes == 1_048_576)
            await connection.close()
        }
    }

    @Test("a wrong key gets HandshakeResult UNAUTHENTICATED, then the close")
    func wrongKey() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            let result = try await connection.handshake(system: "hall-staff", key: "demo-hall-staff-but-wrong")
            await expectRefusal(result, connection, .unauthenticated, reason: "unauthenticated")

            let keyless = try await RawWireConnection.connect(port: server.port)
            let none = try await keyless.handshake(system: "hall-staff", key: nil)
            await expectRefusal(none, keyless, .unauthenticated, reason: "unauthenticated")
            await server.expectStillServing()
        }
    }

    @Test("a valid key of another client system gets PERMISSION_DENIED")
    func anotherSystemsKey() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            let result = try await connection.handshake(system: "petition-office", key: "demo-grid-platform")
            await expectRefusal(result, connection, .permissionDenied, reason: "permissionDenied")
            await server.expectStillServing()
        }
    }

    @Test("an unsupported protocol version gets FAILED_PRECONDITION and the version the server speaks")
    func unsupportedVersion() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            let result = try await connection.handshake(system: "hall-staff", key: "demo-hall-staff", version: 0)
            await expectRefusal(result, connection, .failedPrecondition, reason: "unsupportedVersion")
            #expect(result.protocolVersion == 1, "the result names the highest version the server speaks")
            await server.expectStillServing()
        }
    }

    @Test("a client that speaks a newer version is answered OK with the version in force (§4: never higher than the client's; §10)")
    func newerClientVersion() async throws {
        try await TestDaemon.with { server in
            let connection = try await RawWireConnection.connect(port: server.port)
            let result = try await connection.handshake(system: "hall-staff", key: "demo-hall-staff", version: 2)
            #expect(result.status.isOK, "\(result.status)")
            #expect(result.protocolVersion == 1)
            try await connection.call(1, .checkHealth(CheckHealthRequest()))
            #expect(try await connection.nextResponse().status.isOK)
            await connection.close()
            await server.expectStillServing()
        }
    }

    @Test("an invalid client_system or an over-long client_instance gets INVALID_ARGUMENT naming the field")
    func invalidHandshakeFields() async throws {
        try await TestDaemon.with { server in
            let badSystem = try await RawWireConnection.connect(port: server.port)
            let result = try await badSystem.handshake(system: "hall staff/办事大厅", key: "demo-hall-staff")
            await expectRefusal(result, badSystem, .invalidArgument, reason: "invalidArgument", field: "handshake.client_system")

            let longInstance = try await RawWireConnection.connect(port: server.port)
            let long = try await longInstance.handshake(
                system: "hall-staff", key: "demo-hall-staff", instance: String(repeating: "x", count: 201))
            await expectRefusal(long, longInstance, .invalidArgument, reason: "invalidArgument", field: "handshake.client_instance")
            await server.expectStillServing()
        }
    }

    @Test("a second handshake is a protocol error: GoAway INVALID_ARGUMENT unexpectedHandshake")
    func secondHandshake() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.call(3, .getServerInfo(GetServerInfoRequest()))
            #expect(try await connection.nextResponse().callID == 3)
            try await connection.send(.handshake(Handshake(clientSystem: "hall-staff", bearerToken: "demo-hall-staff")))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "unexpectedHandshake", lastCallID: 3)
            await server.expectStillServing()
        }
    }

    // MARK: Calls (§5, §9.3)

    @Test("an unknown method is answered UNIMPLEMENTED for that call; the connection goes on")
    func unknownMethod() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            await connection.send(payload: unknownMethodCall(id: 1))
            let answer = try await connection.nextResponse()
            #expect(answer.callID == 1)
            #expect(answer.endOfStream)
            #expect(answer.status.code == .unimplemented)
            #expect(answer.status.reason == "unknownMethod")
            #expect(answer.response == nil)

            try await connection.call(2, .getServerInfo(GetServerInfoRequest()))
            let next = try await connection.nextResponse()
            #expect(next.callID == 2 && next.status.isOK)
            await connection.close()
            await server.expectStillServing()
        }
    }

    @Test("a string that is not UTF-8 inside a submit fails that call INVALID_ARGUMENT naming the field; the connection goes on")
    func invalidUTF8() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            // C0 AF: an overlong encoding of "/".
            await connection.send(payload: try submitPayload(id: 1, titleStartingWith: [0xc0, 0xaf]))
            let answer = try await connection.nextResponse()
            #expect(answer.callID == 1)
            #expect(answer.status.code == .invalidArgument)
            #expect(answer.status.reason == "invalidUTF8")
            #expect(answer.status.field == "submission.title")

            // ED A0 80: a UTF-16 surrogate.
            await connection.send(payload: try submitPayload(id: 2, titleStartingWith: [0xed, 0xa0, 0x80]))
            let surrogate = try await connection.nextResponse()
            #expect(surrogate.callID == 2 && surrogate.status.reason == "invalidUTF8")

            await connection.send(payload: try submitPayload(id: 3, titleStartingWith: [0x41, 0x00]))
            let nul = try await connection.nextResponse()
            #expect(nul.callID == 3)
            #expect(nul.status.code == .invalidArgument)
            #expect(nul.status.reason == "embeddedNUL")
            #expect(nul.status.field == "submission.title")

            try await connection.call(4, .findCases(FindCasesRequest(query: CaseQuery())))
            let find = try await connection.nextResponse()
            #expect(find.callID == 4 && find.status.isOK)
            if case .findCases(let page)? = find.response { #expect(page.cases.isEmpty, "nothing was registered") }
            await connection.close()
            await server.expectStillServing()
        }
    }

    @Test("a frame that asks for more than the decode budget fails its call RESOURCE_EXHAUSTED decodeBudgetExceeded")
    func decodeBudget() async throws {
        try await TestDaemon.with(limits: { $0.decodeBudgetBytes = 64 * 1024 }) { server in
            let connection = try await server.raw()
            var submission = Harness.submission("附件很多")
            submission.attachments = Array(repeating: "", count: 10_000)
            try await connection.call(1, .submit(SubmitRequest(submission: submission)))
            let answer = try await connection.nextResponse()
            #expect(answer.callID == 1)
            #expect(answer.status.code == .resourceExhausted)
            #expect(answer.status.reason == "decodeBudgetExceeded")
            try await connection.call(2, .checkHealth(CheckHealthRequest()))
            #expect(try await connection.nextResponse().status.isOK)
            await connection.close()
            await server.expectStillServing()
        }
    }

    @Test("call ids that do not increase end the connection: GoAway INVALID_ARGUMENT callIDNotIncreasing")
    func callIDsNotIncreasing() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.call(5, .getServerInfo(GetServerInfoRequest()))
            #expect(try await connection.nextResponse().callID == 5)
            try await connection.call(5, .getServerInfo(GetServerInfoRequest()))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "callIDNotIncreasing", lastCallID: 5)

            let smaller = try await server.raw()
            try await smaller.call(9, .checkHealth(CheckHealthRequest()))
            #expect(try await smaller.nextResponse().callID == 9)
            try await smaller.call(2, .checkHealth(CheckHealthRequest()))
            try await expectGoAwayThenClose(smaller, .invalidArgument, reason: "callIDNotIncreasing", lastCallID: 9)
            await server.expectStillServing()
        }
    }

    @Test("call id 0 is a protocol error with reason callIDNotIncreasing (§5.2)")
    func callIDZero() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.call(0, .getServerInfo(GetServerInfoRequest()))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "callIDNotIncreasing", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("frames a client may not send (a Response) end the connection: GoAway INVALID_ARGUMENT unexpectedFrame")
    func responseFromClient() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.send(.response(WireResponseFrame(callID: 1, response: .checkHealth(.serving))))
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "unexpectedFrame", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("an empty Frame (length 0) is a protocol error with reason unexpectedFrame (§2, §9.3)")
    func emptyFrame() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            await connection.send([0, 0, 0, 0])
            try await expectGoAwayThenClose(connection, .invalidArgument, reason: "unexpectedFrame", lastCallID: 0)
            await server.expectStillServing()
        }
    }

    @Test("a Frame of a kind this version does not know is ignored (§9.3, last row)")
    func unknownFrameKind() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            await connection.send(payload: [0x4a, 0x00])  // Frame field 9, an empty message
            try await connection.send(.ping(11))
            let event = await connection.next()
            guard case .frame(.pong(11)) = event else {
                Issue.record("expected the ping's pong, got \(event)")
                return
            }
            try await connection.call(1, .checkHealth(CheckHealthRequest()))
            #expect(try await connection.nextResponse().status.isOK, "the connection goes on")
            await connection.close()
            await server.expectStillServing()
        }
    }

    @Test("a client GoAway: the server answers the calls it received, ends watch streams CANCELLED, then closes (§7.2)")
    func clientGoAway() async throws {
        try await GatedServer.with { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind)
            try await connection.call(2, .watchEvents(WatchEventsRequest(after: 0)))
            try await server.gate.waitForArrivals(1)
            try await connection.send(.goAway(GoAway(lastCallID: 2, status: .ok)))
            let end = try await connection.nextResponse()
            #expect(end.callID == 2 && end.status.code == .cancelled && end.endOfStream)
            server.gate.open()
            let rest = await connection.framesUntilClose()
            #expect(rest?.count == 1, "call 1's answer, then the close: \(String(describing: rest))")
            if case .response(let first)? = rest?.first {
                #expect(first.callID == 1 && first.status.isOK)
            }
        }
    }

    // MARK: Ping and idleness (§7.1, §8)

    @Test("a ping is answered with a pong carrying the same payload", arguments: [UInt64(0), 1, 0xdead_beef_cafe_f00d, .max])
    func ping(payload: UInt64) async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.send(.ping(payload))
            #expect(try await connection.nextFrame() == .pong(payload))
            await connection.close()
        }
    }

    @Test("an idle connection is closed: GoAway OK idle")
    func idleTimeout() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        try await TestDaemon.with(limits: { $0.idleTimeoutMilliseconds = 1000 }, clock: clock) { server in
            let connection = try await server.raw()
            try await connection.call(1, .checkHealth(CheckHealthRequest()))
            #expect(try await connection.nextResponse().callID == 1)
            clock.advance(milliseconds: 999)
            try await connection.send(.ping(1))
            if case .pong(1) = try await connection.nextFrame() {} else { Issue.record("open before the idle timeout") }
            clock.advance(milliseconds: 1000)  // the ping was a frame: the idle time runs from it
            try await expectGoAwayThenClose(connection, .ok, reason: "idle", lastCallID: 1)
            await server.expectStillServing()
        }
    }

    @Test("a client that goes away without cancelling its watch leaves no connection behind", .timeLimit(.minutes(1)))
    func watchEndsWithItsConnection() async throws {
        try await TestDaemon.with { server in
            let connection = try await server.raw()
            try await connection.call(1, .watchEvents(WatchEventsRequest(after: 0)))
            try await connection.send(.ping(1))
            if case .pong(1) = try await connection.nextFrame() {} else { Issue.record("expected the pong") }  // the watch runs
            #expect(server.daemon.server.connectionCount == 1)
            await connection.close()
            // The server's cleanup runs on its own tasks; the time limit fails the test if the watch keeps it open.
            await server.daemon.server.connectionsClosed(downTo: 0)
            #expect(server.daemon.server.connectionCount == 0, "the watch ended with its connection")
            await server.expectStillServing()
        }
    }

    @Test("a connection with a call in flight is not idle, however long the call takes")
    func notIdleWhileStreaming() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        try await TestDaemon.with(limits: { $0.idleTimeoutMilliseconds = 400 }, clock: clock) { server in
            let connection = try await server.raw()
            try await connection.call(1, .watchEvents(WatchEventsRequest(after: 0)))
            try await connection.send(.ping(1))
            if case .pong(1) = try await connection.nextFrame() {} else { Issue.record("expected the pong") }  // the call has been read
            clock.advance(milliseconds: 1200)
            try await connection.send(.ping(2))
            let next = try await connection.nextFrame()
            guard case .pong(2) = next else {
                Issue.record("expected the connection open while the watch runs, got \(next)")
                return
            }
            try await connection.send(.cancel(callID: 1))
            let end = try await connection.nextResponse()
            #expect(end.callID == 1 && end.status.code == .cancelled && end.endOfStream)
            clock.advance(milliseconds: 400)
            try await expectGoAwayThenClose(connection, .ok, reason: "idle", lastCallID: 1)
        }
    }

    // MARK: After a protocol error (§7.2)

    @Test("after a protocol error the server reads nothing more, finishes the calls it took, then closes")
    func readsNothingAfterProtocolError() async throws {
        try await GatedServer.with { server, _ in
            let connection = try await RawWireConnection.handshaken(port: server.port)
            try await connection.call(1, GatedServer.slowFind)
            try await server.gate.waitForArrivals(1)
            try await connection.call(1, .getServerInfo(GetServerInfoRequest()))  // not increasing
            let goAway = try await connection.nextGoAway()
            #expect(goAway.status.reason == "callIDNotIncreasing")
            #expect(goAway.lastCallID == 1)

            try await connection.send(.ping(5))
            try await connection.call(2, .getServerInfo(GetServerInfoRequest()))
            let early = await connection.next(timeout: .milliseconds(500))
            guard case .timedOut = early else {
                Issue.record("expected nothing before the call in flight finishes, got \(early)")
                return
            }

            server.gate.open()
            let frames = await connection.framesUntilClose() ?? []
            let answers = frames.compactMap { frame -> WireResponseFrame? in
                if case .response(let response) = frame { return response }
                return nil
            }
            let first = answers.first { $0.callID == 1 }
            #expect(first?.status.isOK == true, "the call the server took is finished and answered")
            if case .findCases? = first?.response {} else { Issue.record("call 1 should carry its find result") }
        }
    }
}
