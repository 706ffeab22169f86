import CouncilAPI
@testable import CouncilWire
import CouncilKit
import NIOCore
import Testing

/// Bad input yields its own WireError, with the field and call named where they can be; nothing crashes.
@Suite("Malformed input")
struct MalformedInputTests {
    let codec = WireCodec()

    func failure(_ payload: [UInt8], codec: WireCodec? = nil) -> WireError? {
        do {
            _ = try (codec ?? self.codec).decode(payload: payload)
            return nil
        } catch let error as WireError {
            return error
        } catch {
            Issue.record("not a WireError: \(error)")
            return nil
        }
    }

    /// A submit call whose title is `title`.
    func submit(title: [UInt8], source: UInt64 = 1) -> [UInt8] {
        PB.call(7, method: 40, [.message(1, [.bytes(1, title), .varint(3, source)])])
    }

    @Test("a well-formed hand-made call decodes")
    func handMade() throws {
        let frame = try codec.decode(payload: submit(title: Array("路灯不亮".utf8)))
        guard case .call(let call) = frame, case .submit(let request) = call.request else {
            Issue.record("expected a submit call, got \(frame)")
            return
        }
        #expect(call.callID == 7)
        #expect(request.submission.title == "路灯不亮")
        #expect(request.submission.source == .walkIn)
    }

    @Test("a length prefix over the maximum is refused from the header alone")
    func lengthOverLimit() throws {
        var header = ByteBuffer(bytes: [0x00, 0x10, 0x00, 0x01])  // 1 MiB + 1, no payload yet
        #expect(throws: WireError.self) { try WireFraming.readFrame(from: &header, maxFrameBytes: 1 << 20) }
        do {
            _ = try WireFraming.readFrame(from: &header, maxFrameBytes: 1 << 20)
        } catch let error as WireError {
            #expect(error.code == .frameTooLarge)
            #expect(CallStatus(error: error).code == .resourceExhausted)
            #expect(!error.isRecoverable)
        }
        var exact = ByteBuffer(bytes: [0x00, 0x10, 0x00, 0x00])
        #expect(try WireFraming.readFrame(from: &exact, maxFrameBytes: 1 << 20) == nil, "1 MiB exactly is allowed; waits for data")
        let small = WireCodec(configuration: { var c = WireCodec.Configuration(); c.maxFrameBytes = 8; return c }())
        #expect(failure(submit(title: Array("long enough".utf8)), codec: small)?.code == .frameTooLarge)
    }

    @Test("a truncated payload is malformed; a truncated stream waits, and fails at its end")
    func truncated() throws {
        let payload = submit(title: Array("小区垃圾清运不及时".utf8))
        let cut = Array(payload.prefix(payload.count - 5))
        #expect(failure(cut)?.code == .malformedMessage)
        var partial = ByteBuffer(bytes: PB.framed(payload).dropLast(3))
        #expect(try WireFraming.readFrame(from: &partial, maxFrameBytes: 1 << 20) == nil)
        #expect(partial.readableBytes == payload.count + 1, "nothing is consumed until the frame is whole")
    }

    @Test("garbage bytes are malformed", arguments: [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        [0x1A, 0xFF, 0x01],
        [0x1F],  // wire type 7
        [0x1B, 0x1C],  // groups
        [0x00, 0x00],  // field number 0
        Array("GET / HTTP/1.1\r\n\r\n".utf8),
    ] as [[UInt8]])
    func garbage(_ bytes: [UInt8]) {
        let error = failure(bytes)
        #expect(error != nil)
        #expect([.malformedMessage, .missingField, .unknownFrameKind].contains(error?.code))
    }

    @Test("a string that is not UTF-8 is refused, naming the field and the call")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0xC3, 0x28], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE6, 0x98]] {
            let error = failure(submit(title: Array("标题".utf8) + bytes))
            #expect(error?.code == .invalidUTF8)
            #expect(error?.field == "submission.title")
            #expect(error?.callID == 7)
            #expect(error?.isRecoverable == true)
            #expect(error.map { CallStatus(error: $0).code } == .invalidArgument)
        }
    }

    @Test("an embedded NUL is refused instead of silently cutting the string")
    func embeddedNUL() {
        let error = failure(submit(title: Array("abc".utf8) + [0] + Array("def".utf8)))
        #expect(error?.code == .embeddedNUL)
        #expect(error?.field == "submission.title")
        #expect(error?.callID == 7)
        let metadata = PB.message([.message(3, [.varint(1, 8), .message(3, [.bytes(1, [0x41, 0x00])]), .message(10, [])])])
        #expect(failure(metadata)?.field == "metadata.trace_id")
        #expect(throws: WireError.self) {
            _ = try codec.encode(.call(WireCall(callID: 1, request: .locateGridCell(LocateGridCellRequest(gridCell: "13070\u{0}3")))))
        }
    }

    @Test("an enum value the schema does not define is refused")
    func unknownEnum() {
        let error = failure(submit(title: Array("t".utf8), source: 99))
        #expect(error?.code == .unknownEnumValue)
        #expect(error?.field == "submission.source")
        #expect(error?.callID == 7)
        let status = failure(PB.call(7, method: 32, [.message(1, [.bytes(2, [0x03, 0x28])])]))
        #expect(status?.code == .unknownEnumValue)
        #expect(status?.field == "query.statuses[1]")
    }

    @Test("missing fields are named")
    func missingFields() {
        let noSubmission = failure(PB.call(7, method: 40, []))
        #expect(noSubmission?.code == .missingField)
        #expect(noSubmission?.field == "submission")
        #expect(noSubmission?.callID == 7)
        #expect(failure(submit(title: Array("t".utf8), source: 0))?.field == "submission.source")
        #expect(failure(PB.call(7, method: 41, []))?.field == "case_id")
        #expect(failure(PB.call(7, method: 30, []))?.field == "key")
        #expect(failure(PB.call(7, method: 49, [.string(1, WireFixtures.caseID.rawValue), .message(3, [])]))?.field == "record.outcome")
        #expect(failure(PB.message([.message(3, [.varint(1, 7)])]))?.field == "request")
        #expect(failure(PB.message([.message(3, [.message(11, [])])]))?.field == "call_id")
        #expect(failure([])?.field == "kind")
    }

    @Test("unusable values are refused")
    func invalidValues() {
        let badID = failure(PB.call(7, method: 41, [.string(1, "not-a-uuid")]))
        #expect(badID?.code == .invalidValue)
        #expect(badID?.field == "case_id")
        let negative = failure(PB.call(7, method: 41, [.string(1, WireFixtures.caseID.rawValue), .varint(2, UInt64(bitPattern: -3))]))
        #expect(negative?.code == .invalidValue)
        #expect(negative?.field == "expected_version")
        #expect(failure(PB.call(7, method: 30, [.string(2, "QX07")]))?.field == "number")
        let versionless = PB.message([.message(4, [.varint(1, 9), .message(30, [.message(1, [
            .string(1, WireFixtures.caseID.rawValue), .string(2, "QX07-20261130-0003"),
            .message(5, [.string(1, "t"), .varint(3, 1)]),
        ])])])])
        let noVersion = failure(versionless)
        #expect(noVersion?.code == .invalidValue)
        #expect(noVersion?.field == "case.version")
        #expect(noVersion?.callID == 9)
    }

    @Test("an unknown method is UNIMPLEMENTED; an unknown frame kind is to be ignored")
    func unknownMethodAndKind() {
        let method = failure(PB.call(7, method: 99, []))
        #expect(method?.code == .unknownMethod)
        #expect(method?.callID == 7)
        #expect(method.map { CallStatus(error: $0).code } == .unimplemented)
        let kind = failure(PB.message([.message(20, [])]))
        #expect(kind?.code == .unknownFrameKind)
        #expect(kind?.isRecoverable == true)
    }

    @Test("a small frame cannot claim more memory than the decode budget")
    func decodeBudget() {
        // 400,000 empty attachments: 800 KB of wire bytes asking for over 12 MB of allocations.
        let attachments = [PB.Field](repeating: .bytes(11, []), count: 400_000)
        let payload = PB.call(7, method: 40, [.message(1, [.string(1, "t"), .varint(3, 1)] + attachments)])
        #expect(payload.count < 1 << 20)
        let error = failure(payload)
        #expect(error?.code == .decodeBudgetExceeded)
        #expect(error?.callID == 7)
        #expect(error.map { CallStatus(error: $0).code } == .resourceExhausted)
        let roomy = WireCodec(configuration: { var c = WireCodec.Configuration(); c.decodeBudgetBytes = 64 << 20; return c }())
        #expect(failure(payload, codec: roomy) == nil, "the same frame decodes within a larger budget")
        // The codec is usable again after a refusal.
        #expect(failure(submit(title: Array("t".utf8))) == nil)
    }

    @Test("unknown fields are skipped")
    func unknownFields() throws {
        let payload = PB.call(7, method: 40, [
            .message(1, [.string(1, "t"), .varint(3, 1), .string(900, "future"), .message(901, [.varint(1, 1)])]),
            .varint(77, 5),
        ])
        guard case .call(let call) = try codec.decode(payload: payload), case .submit(let s) = call.request else {
            Issue.record("expected a submit call")
            return
        }
        #expect(s.submission.title == "t")
    }
}
