import CouncilAPI
@testable import CouncilWire
import CouncilKit
import Testing

/// The council's messages — meetings, linkage, representatives, assessment, directory loading — through protobuf-c
/// and back, and the defensive rules on the way in.
@Suite("Council messages on the wire")
struct CouncilRoundTripTests {
    let codec = WireCodec()

    func roundTrip(_ frame: WireFrame) throws -> WireFrame {
        let bytes = try codec.encode(frame)
        return try codec.decode(payload: Array(bytes.dropFirst(4)))
    }

    func failure(_ payload: [UInt8]) -> WireError? {
        do {
            _ = try codec.decode(payload: payload)
            return nil
        } catch let error as WireError {
            return error
        } catch {
            Issue.record("not a WireError: \(error)")
            return nil
        }
    }

    @Test("every council request, in a call", arguments: WireFixtures.councilRequests)
    func request(_ request: WireRequest) throws {
        let call = WireCall(callID: 70, timeoutMilliseconds: 1000, metadata: CallMetadata(traceID: "t-1", actingUser: "HS07"), request: request)
        #expect(try roundTrip(.call(call)) == .call(call))
    }

    @Test("every council response, in a response frame", arguments: WireFixtures.councilResponses)
    func response(_ response: WireResponse) throws {
        let frame = WireFrame.response(WireResponseFrame(callID: 70, status: .ok, response: response))
        #expect(try roundTrip(frame) == frame)
    }

    @Test("the council's methods keep their numbers, and the schema says which of them write")
    func councilMethods() {
        let council = Methods.all.filter { $0.number >= 70 }
        #expect(council.count == 41)
        #expect(Set(WireFixtures.councilRequests.map(\.method)) == Set(council))
        #expect(Set(WireFixtures.councilResponses.map(\.method)) == Set(council))
        #expect(Methods.ScheduleMeeting.descriptor.number == 70)
        #expect(Methods.ListMeetingCadenceGaps.descriptor.number == 78)
        #expect(Methods.EstablishLink.descriptor.number == 80)
        #expect(Methods.RecordElection.descriptor.number == 90)
        #expect(Methods.GetScorecard.descriptor.number == 100)
        #expect(Methods.LoadDirectory.descriptor.number == 110)
        #expect(Methods.ListDeadLetters.descriptor.number == 120 && Methods.DiscardDeadLetter.descriptor.number == 122)
        for method in council { #expect(!method.streams && !method.idempotent) }
        #expect(!Methods.GetScorecard.descriptor.writes && !Methods.ExportCases.descriptor.writes && !Methods.ListMeetings.descriptor.writes)
        #expect(Methods.HoldMeeting.descriptor.writes && Methods.LoadDirectory.descriptor.writes && Methods.RaiseCaseOnVisit.descriptor.writes)
        #expect(!Methods.ListDeadLetters.descriptor.writes && Methods.ReplayDeadLetter.descriptor.writes)
        #expect(Methods.AddAccount.descriptor.number == 130 && Methods.ListSignInFailures.descriptor.number == 138)
        #expect(Methods.IssueKey.descriptor.writes && !Methods.ListAccounts.descriptor.writes)
        #expect(Methods.all.filter { $0.number >= 130 }.allSatisfy { $0.scope == .accounts })
    }

    @Test("every council enum value travels under its own number")
    func enumNumbers() {
        func roundTrips<T: WireEnumeration & CaseIterable & Equatable>(_ type: T.Type) -> Bool {
            T.allCases.allSatisfy { T(wireNumber: $0.wireNumber) == $0 && $0.wireNumber != 0 }
        }
        #expect(roundTrips(Meeting.Status.self) && roundTrips(Meeting.PlaceKind.self) && roundTrips(Meeting.Format.self))
        #expect(roundTrips(Meeting.Participant.Role.self) && roundTrips(Link.Kind.self) && roundTrips(Election.Method.self))
        #expect(roundTrips(DeadLetter.State.self) && roundTrips(MeasureKind.self))
        #expect(MeasureKind.allCases.map(\.wireNumber) == Array(1...UInt32(MeasureKind.allCases.count)), "measures travel in MeasureKind order")
        #expect(Meeting.Participant.Role.other.wireNumber == 8)
        #expect(Link.Kind.cadreHousehold.wireNumber == 3)
    }

    @Test("a measure carries its value, formula and Chinese name to the client")
    func measureFormula() throws {
        func contains(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
            bytes.count >= part.count && (0...(bytes.count - part.count)).contains { Array(bytes[$0..<$0 + part.count]) == part }
        }
        let card = Scorecard(
            subject: .unit("UM"), from: WireFixtures.day, through: WireFixtures.day, asOf: WireFixtures.monday, casesReceived: 4,
            measures: [Measure(kind: .satisfactionRate, numerator: 3, denominator: 4)])
        let bytes = try codec.encode(.response(WireResponseFrame(callID: 1, response: .getScorecard(card))))
        #expect(contains(bytes, Array(MeasureKind.satisfactionRate.formula.utf8)))
        #expect(contains(bytes, Array("满意率".utf8)))
        // value = 0.75: field 4, fixed 64-bit, little-endian.
        #expect(contains(bytes, [0x21] + withUnsafeBytes(of: (0.75).bitPattern.littleEndian, Array.init)))
    }

    // MARK: Defensive decoding

    @Test("an unknown link kind is refused by name")
    func unknownLinkKind() {
        let payload = PB.call(5, method: 80, [.varint(1, 9), .string(2, "L01"), .string(3, "QX07"), .string(4, "2026-11-30")])
        let error = failure(payload)
        #expect(error?.code == .unknownEnumValue)
        #expect(error?.field == "kind")
        #expect(error?.callID == 5)
    }

    @Test("a missing or malformed calendar day is refused by name", arguments: [
        ("", WireError.Code.missingField), ("2026-11-31", .invalidValue), ("30/11/2026", .invalidValue),
    ])
    func badDay(_ text: String, _ code: WireError.Code) {
        let error = failure(PB.call(5, method: 86, text.isEmpty ? [] : [.string(1, text)]))
        #expect(error?.code == code)
        #expect(error?.field == "day")
    }

    @Test("required ids are required")
    func requiredIDs() {
        #expect(failure(PB.call(5, method: 75, []))?.field == "meeting")
        #expect(failure(PB.call(5, method: 71, [.string(1, "M1")]))?.field == "item", "add_to_agenda needs a case or a topic")
        #expect(failure(PB.call(5, method: 74, [.string(1, "M1")]))?.field == "record")
        #expect(failure(PB.call(5, method: 70, []))?.field == "plan")
        #expect(failure(PB.call(5, method: 70, [.message(1, [.string(1, "QX07"), .varint(3, 1), .varint(5, 1)])]))?.field == "plan.convener")
        #expect(failure(PB.call(5, method: 110, []))?.field == "seed")
        #expect(failure(PB.call(5, method: 100, [.string(2, "2026-01-01"), .string(3, "2026-12-31")]))?.field == "subject")
        #expect(failure(PB.call(5, method: 100, [.message(1, []), .string(2, "2026-01-01"), .string(3, "2026-12-31")]))?.field == "subject.subject")
    }

    @Test("a case id on an agenda that is not a UUID is refused by its path")
    func badAgendaCase() {
        let plan: [PB.Field] = [
            .string(1, "QX07"), .varint(3, 1), .string(4, "议事厅"), .varint(5, 1), .string(6, "HS07"), .string(8, "not-a-uuid"),
        ]
        let error = failure(PB.call(5, method: 70, [.message(1, plan)]))
        #expect(error?.code == .invalidValue)
        #expect(error?.field == "plan.cases[0]")
    }

    @Test("a weight of a kind the schema does not have is refused by the codec")
    func unknownWeightKind() {
        let weight = PB.Field.message(2, [.varint(1, 99), PB.Field(bytes: [0x11] + withUnsafeBytes(of: (1.0).bitPattern.littleEndian, Array.init))])
        #expect(failure(PB.call(5, method: 101, [.varint(1, 2026), weight]))?.code == .unknownEnumValue)
    }

    @Test("strings in council messages are checked by the pre-scan, by path")
    func invalidUTF8() {
        let error = failure(PB.call(5, method: 73, [.string(1, "M1"), .bytes(2, [0x61, 0xC3, 0x28])]))
        #expect(error?.code == .invalidUTF8)
        #expect(error?.field == "reason")
        let nested = failure(PB.call(5, method: 74, [.string(1, "M1"), .message(2, [.message(4, [.varint(1, 1), .message(2, [.bytes(1, [0x00])])])])]))
        #expect(nested?.code == .embeddedNUL)
        #expect(nested?.field == "record.items.record.questions")
    }

    @Test("a domain field name becomes the schema's")
    func fieldPaths() {
        #expect(CallStatus.schemaFieldPath("caseID") == "case_id")
        #expect(CallStatus.schemaFieldPath("plan.placeName") == "plan.place_name")
        #expect(CallStatus.schemaFieldPath("record.items[0].record.questions") == "record.items[0].record.questions")
        #expect(CallStatus.schemaFieldPath("submission.submitter.idNumber") == "submission.submitter.id_number")
        #expect(CallStatus.schemaFieldPath("record.items[1].outcome.resolution.responsibleUnit") == "record.items[1].resolution.responsible_unit")
        #expect(CallStatus.schemaFieldPath("record.items[1].outcome.reason") == "record.items[1].deferred_reason")
    }
}
