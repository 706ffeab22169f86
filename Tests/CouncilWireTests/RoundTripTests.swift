@testable import CouncilWire
import CouncilKit
import CouncilTestKit
import Testing

/// Every message type through protobuf-c and back into equal Swift values.
@Suite("Round trips through protobuf-c")
struct RoundTripTests {
    let codec = WireCodec()

    func roundTrip(_ frame: WireFrame) throws -> WireFrame {
        let bytes = try codec.encode(frame)
        #expect(bytes.count >= 4)
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        #expect(length == bytes.count - 4, "the prefix states the payload length")
        return try codec.decode(payload: Array(bytes.dropFirst(4)))
    }

    @Test("every request, in a call", arguments: WireFixtures.requests)
    func request(_ request: WireRequest) throws {
        let call = WireCall(
            callID: 7, timeoutMilliseconds: 2500,
            metadata: CallMetadata(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", idempotencyKey: "k-1", actingUser: "HS01"),
            request: request)
        #expect(try roundTrip(.call(call)) == .call(call))
        let bare = WireCall(callID: 8, request: request)
        #expect(try roundTrip(.call(bare)) == .call(bare))
    }

    @Test("every response, in a response frame", arguments: WireFixtures.responses)
    func response(_ response: WireResponse) throws {
        let frame = WireFrame.response(
            WireResponseFrame(callID: 7, status: .ok, endOfStream: response.method != .watchEvents, response: response))
        #expect(try roundTrip(frame) == frame)
    }

    @Test("every control frame", arguments: WireFixtures.controlFrames + WireFixtures.statusFrames)
    func control(_ frame: WireFrame) throws {
        #expect(try roundTrip(frame) == frame)
    }

    @Test("every kind of event change", arguments: WireFixtures.events)
    func event(_ event: CaseEvent) throws {
        let frame = WireFrame.response(
            WireResponseFrame(callID: 1, endOfStream: false, response: .watchEvents([event], disclosure: .full)))
        #expect(try roundTrip(frame) == frame)
    }

    @Test("empty strings keep their presence")
    func emptyStrings() throws {
        var view = WireFixtures.fullView
        view.state.category = ""
        view.state.closingNote = ""
        view.state.submission.submitter = PersonalData(name: "", phone: "", address: "", idNumber: "")
        let frame = WireFrame.response(WireResponseFrame(callID: 3, response: .getCase(view)))
        #expect(try roundTrip(frame) == frame)
    }

    @Test("cases the loop really produced")
    func realCases() async throws {
        let clock = ManualClock(WireFixtures.monday)
        let service = try CouncilFixtures.service(on: InMemoryCaseStore(), clock: clock)
        let driver = LoopDriver(service: service, clock: clock)
        for status in CaseStatus.allCases {
            let state = try await driver.case(in: status, verifying: status == .closed)
            let view = CaseView(
                state: state, submitterDisclosure: .full, allowedOperations: service.allowedOperations(for: state),
                deadlineState: service.deadlineState(of: state))
            let frame = WireFrame.response(WireResponseFrame(callID: 5, response: .getCase(view)))
            #expect(try roundTrip(frame) == frame)
            let history = try await service.history(of: state.id)
            let historyFrame = WireFrame.response(WireResponseFrame(callID: 6, response: .getHistory(history, disclosure: .full)))
            #expect(try roundTrip(historyFrame) == historyFrame)
        }
    }

    @Test("the full-case fixture sets every stored property of CouncilCase")
    func fullCaseCoversCouncilCase() {
        // A property added to CouncilCase must be mapped in Mapping+Domain.swift, added to the schema's Case and
        // set in WireFixtures.fullCase; the round trip then proves the mapping.
        #expect(Mirror(reflecting: WireFixtures.fullCase).children.count == 38)
        #expect(Mirror(reflecting: WireFixtures.fullCase).children.allSatisfy { child in
            if case Optional<Any>.none = child.value as Any? { return false }
            let mirror = Mirror(reflecting: child.value)
            return !(mirror.displayStyle == .optional && mirror.children.isEmpty)
        })
    }

    @Test("every CouncilKit enum value has a wire number, and numbers are the schema's")
    func enumTables() {
        for value in CaseStatus.allCases { #expect(WireEnums.caseStatus.values.contains(value)) }
        for value in CaseOperation.allCases { #expect(WireEnums.caseOperation.values.contains(value)) }
        for value in CaseSource.allCases { #expect(WireEnums.caseSource.values.contains(value)) }
        for value in Priority.allCases { #expect(WireEnums.priority.values.contains(value)) }
        for value in Disposition.allCases { #expect(WireEnums.disposition.values.contains(value)) }
        for value in DeadlineState.allCases { #expect(WireEnums.deadlineState.values.contains(value)) }
        for value in LoopStep.allCases { #expect(WireEnums.loopStep.number(value) == UInt32(value.rawValue)) }
        for value in Referral.Destination.allCases { #expect(WireEnums.destination.values.contains(value)) }
        for value in Feedback.Channel.allCases { #expect(WireEnums.feedbackChannel.values.contains(value)) }
        for value in Rating.allCases { #expect(WireEnums.rating.values.contains(value)) }
        for value in CaseQuery.Order.allCases { #expect(WireEnums.order.values.contains(value)) }
        for value in ResponsibleUnit.Kind.allCases { #expect(WireEnums.unitKind.values.contains(value)) }
        for value in Person.Role.allCases { #expect(WireEnums.personRole.values.contains(value)) }
        // Spot checks against the numbers written in Schemas/council.proto.
        #expect(WireEnums.caseStatus.number(.withdrawn) == 14)
        #expect(WireEnums.caseOperation.number(.closeUnrated) == 22)
        #expect(WireEnums.caseSource.number(.app) == 9)
        #expect(WireEnums.feedbackChannel.number(.sourceSystem) == 7)
    }

    @Test("WireMethod numbers name the same operation in both directions")
    func methods() {
        for operation in CaseOperation.allCases where operation != .alertDeadline {
            #expect(WireMethod.forOperation(operation)?.operation == operation)
        }
        #expect(WireMethod.forOperation(.alertDeadline) == nil, "only the server's deadline monitor alerts")
        #expect(WireRequest.getServerInfo.method.rawValue == 10)
        #expect(WireMethod.closeUnrated.rawValue == 61)
    }
}
