import CouncilAPI
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
            WireResponseFrame(callID: 7, status: .ok, endOfStream: !response.method.streams, response: response))
        #expect(try roundTrip(frame) == frame)
    }

    @Test("every control frame", arguments: WireFixtures.controlFrames + WireFixtures.statusFrames)
    func control(_ frame: WireFrame) throws {
        #expect(try roundTrip(frame) == frame)
    }

    @Test("every kind of event change", arguments: WireFixtures.events)
    func event(_ event: CaseEvent) throws {
        let frame = WireFrame.response(
            WireResponseFrame(callID: 1, endOfStream: false, response: .watchEvents(WatchEventsResponse(events: [event], submitterDisclosure: .full))))
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
            let historyFrame = WireFrame.response(WireResponseFrame(callID: 6, response: .getHistory(GetHistoryResponse(events: history, submitterDisclosure: .full))))
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

    @Test("every CouncilKit enum value travels under its own number, and the numbers are the schema's")
    func enumNumbers() {
        func roundTrips<T: WireEnumeration & CaseIterable & Equatable>(_ type: T.Type) -> Bool {
            T.allCases.allSatisfy { T(wireNumber: $0.wireNumber) == $0 && $0.wireNumber != 0 }
                && Set(T.allCases.map(\.wireNumber)).count == T.allCases.count
        }
        #expect(roundTrips(CaseStatus.self) && roundTrips(CaseOperation.self) && roundTrips(CaseSource.self))
        #expect(roundTrips(Priority.self) && roundTrips(Disposition.self) && roundTrips(DeadlineState.self))
        #expect(roundTrips(Referral.Destination.self) && roundTrips(Feedback.Channel.self) && roundTrips(Rating.self))
        #expect(roundTrips(CaseQuery.Order.self) && roundTrips(ResponsibleUnit.Kind.self) && roundTrips(Person.Role.self))
        #expect(roundTrips(PersonalDataDisclosure.self) && roundTrips(ServingStatus.self))
        for value in LoopStep.allCases { #expect(value.wireNumber == UInt32(value.rawValue), "the numbers are the step numbers") }
        #expect(CaseStatus(wireNumber: 0) == nil && CaseStatus(wireNumber: 15) == nil)
        // Spot checks against the numbers written in Schemas/council.proto.
        #expect(CaseStatus.withdrawn.wireNumber == 14)
        #expect(CaseOperation.closeUnrated.wireNumber == 22)
        #expect(CaseSource.app.wireNumber == 9)
        #expect(Feedback.Channel.sourceSystem.wireNumber == 7)
    }

    @Test("every method has one number, the schema's, in both directions")
    func methods() {
        #expect(Set(Methods.all.map(\.number)).count == Methods.all.count)
        #expect(Methods.all.map(\.number) == Methods.all.map(\.number).sorted())
        #expect(WireRequest.getServerInfo(GetServerInfoRequest()).method.number == 10)
        #expect(WireResponse.closeUnrated(WireFixtures.fullView).method == Methods.CloseUnrated.descriptor)
        #expect(Methods.CloseUnrated.descriptor.number == 61 && Methods.DiscardDeadLetter.descriptor.number == 122)
        let covered = Set((WireFixtures.requests + WireFixtures.councilRequests).map(\.method))
        #expect(covered == Set(Methods.all), "every method has a request fixture")
        #expect(Set((WireFixtures.responses + WireFixtures.councilResponses).map(\.method)) == Set(Methods.all))
    }
}
