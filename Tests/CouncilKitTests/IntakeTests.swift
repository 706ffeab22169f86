import CouncilKit
import CouncilTestKit
import Testing

/// Registration (收集): validation against the directory, idempotent intake and the response clock.
@Suite("Intake")
struct IntakeTests {
    /// A valid walk-in submission for QX01 with nothing optional set.
    static func base() -> Submission {
        Submission(title: "楼道灯不亮", description: "3号楼2单元楼道灯坏了一周。", source: .walkIn, community: "QX01", category: "infrastructure")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let label: String
        let submission: Submission
        var principal: Principal = staff
        let field: String
        var testDescription: String { label }
    }

    static func with(_ change: (inout Submission) -> Void) -> Submission {
        var s = base()
        change(&s)
        return s
    }

    static let bad: [Bad] = [
        Bad(label: "empty title", submission: with { $0.title = "" }, field: "submission.title"),
        Bad(label: "blank title", submission: with { $0.title = " \n " }, field: "submission.title"),
        Bad(label: "title of 201 characters", submission: with { $0.title = String(repeating: "垃", count: 201) }, field: "submission.title"),
        Bad(label: "U+0000 in the description", submission: with { $0.description = "漏水\u{0000}严重" }, field: "submission.description"),
        Bad(label: "U+0007 in the description", submission: with { $0.description = "漏水\u{0007}严重" }, field: "submission.description"),
        Bad(label: "description of 5001 characters", submission: with { $0.description = String(repeating: "a", count: 5001) }, field: "submission.description"),
        Bad(label: "unknown community", submission: with { $0.community = "QX45" }, field: "submission.community"),
        Bad(label: "no community and no location", submission: with { $0.community = nil }, field: "submission.community"),
        Bad(label: "unknown category", submission: with { $0.category = "weather" }, field: "submission.category"),
        Bad(label: "grid cell in another community",
            submission: with { $0.community = "QX02"; $0.location = CaseLocation(gridCell: "130703001001") },
            field: "submission.location.gridCell"),
        Bad(label: "unknown grid cell", submission: with { $0.location = CaseLocation(gridCell: "999999999999") }, field: "submission.location.gridCell"),
        Bad(label: "compound in another community",
            submission: with { $0.location = CaseLocation(compound: "QX02-C1") }, field: "submission.location.compound"),
        Bad(label: "building outside the compound",
            submission: with { $0.location = CaseLocation(compound: "QX01-C1", building: "QX01-C2-B1") },
            field: "submission.location.building"),
        Bad(label: "phone with letters",
            submission: with { $0.submitter = PersonalData(name: "张三", phone: "138-ABCD-5678") }, field: "submission.submitter.phone"),
        Bad(label: "phone of two digits", submission: with { $0.submitter = PersonalData(phone: "12") }, field: "submission.submitter.phone"),
        Bad(label: "name of 65 characters",
            submission: with { $0.submitter = PersonalData(name: String(repeating: "张", count: 65)) }, field: "submission.submitter.name"),
        Bad(label: "requested due in the past",
            submission: with { $0.requestedDue = Local.at(2026, 11, 30, hour: 8) }, field: "submission.requestedDue"),
        Bad(label: "requested due now", submission: with { $0.requestedDue = Local.mondayNine }, field: "submission.requestedDue"),
        Bad(label: "21 attachments",
            submission: with { $0.attachments = (1...21).map { "photo://\($0).jpg" } }, field: "submission.attachments"),
        Bad(label: "empty attachment", submission: with { $0.attachments = ["photo://1.jpg", ""] }, field: "submission.attachments[1]"),
        Bad(label: "latitude 91", submission: with { $0.location = CaseLocation(latitude: 91, longitude: 114.87) }, field: "submission.location.latitude"),
        Bad(label: "latitude NaN", submission: with { $0.location = CaseLocation(latitude: .nan) }, field: "submission.location.latitude"),
        Bad(label: "longitude -181", submission: with { $0.location = CaseLocation(latitude: 40.8, longitude: -181) }, field: "submission.location.longitude"),
        Bad(label: "external system with a space",
            submission: with { $0.externalReference = ExternalReference(system: "grid platform", reference: "GR-1") },
            field: "submission.externalReference.system"),
        Bad(label: "principal system with a space", submission: base(), principal: Principal(system: "hall staff"), field: "principal.system"),
        Bad(label: "empty principal system", submission: base(), principal: Principal(system: ""), field: "principal.system"),
        Bad(label: "principal system in Chinese", submission: base(), principal: Principal(system: "议事厅"), field: "principal.system"),
    ]

    @Test("a system registers cases under its own references; hall staff may register another system's for it")
    func referenceOwner() async throws {
        let h = try Harness()
        let refused = await #expect(throws: CouncilError.self) { try await h.service.submit(petition("XF-2026-0900"), by: gridPlatform) }
        #expect(refused?.code == .permissionDenied)
        #expect(refused?.field == "submission.externalReference.system")
        #expect(try await h.store.latestSequence() == 0, "nothing was written")
        let onPaper = try await h.service.submit(petition("XF-2026-0900"), by: staff, forAnotherSystem: true)
        #expect(onPaper.created && onPaper.case.submission.externalReference?.system == "petition-office")
        #expect(try await h.service.submit(petition("XF-2026-0901"), by: petitionOffice).created)
    }

    @Test("a bad submission names the field and writes nothing", arguments: bad)
    func rejects(_ bad: Bad) async throws {
        let h = try Harness()
        _ = try await h.service.submit(Self.base(), by: staff)
        #expect(try await h.store.latestSequence() == 1)
        let error = await #expect(throws: CouncilError.self) {
            try await h.service.submit(bad.submission, by: bad.principal)
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == bad.field)
        #expect(try await h.store.latestSequence() == 1)
        #expect(try await h.store.find(CaseQuery()).cases.count == 1)
    }

    @Test("errors about personal data do not repeat it")
    func personalDataErrors() async throws {
        let h = try Harness()
        let bad: [PersonalData] = [
            PersonalData(name: "张三", phone: "13812345678x"),
            PersonalData(name: "张三" + String(repeating: "丰", count: 63), phone: "13812345678"),
            PersonalData(name: "张三", phone: "13812345678", idNumber: String(repeating: "1", count: 33)),
        ]
        for person in bad {
            var s = Self.base()
            s.submitter = person
            let error = await #expect(throws: CouncilError.self) {
                try await h.service.submit(s, by: staff)
            }
            let text = try #require(error).description
            #expect(error?.field?.hasPrefix("submission.submitter.") == true)
            #expect(!text.contains("13812345678"), "\(text)")
            #expect(!text.contains("张三"), "\(text)")
        }
    }

    @Test("limits are inclusive: 200-character title, 20 attachments, latitude 90, tabs and line breaks")
    func boundaries() async throws {
        let h = try Harness()
        var s = Self.base()
        s.title = String(repeating: "垃", count: 200)
        s.description = "第一行\n第二行\r\n\t缩进"
        s.attachments = (1...20).map { "photo://\($0).jpg" }
        s.location = CaseLocation(latitude: 90, longitude: -180)
        s.requestedDue = Local.mondayNine.adding(seconds: 1)
        let result = try await h.service.submit(s, by: staff)
        #expect(result.created)
        #expect(result.case.submission == s)
        #expect(try await h.store.latestSequence() == 1)
    }

    struct Place: Sendable, CustomTestStringConvertible {
        let location: CaseLocation
        let community: String
        var testDescription: String { "\(location.gridCell ?? location.building ?? location.compound ?? "?") → \(community)" }
    }

    @Test("the community is taken from the grid cell, compound or building", arguments: [
        Place(location: CaseLocation(gridCell: "130703002001"), community: "QX02"),
        Place(location: CaseLocation(compound: "QX03-C2"), community: "QX03"),
        Place(location: CaseLocation(building: "QX04-C1-B2"), community: "QX04"),
        Place(location: CaseLocation(compound: "QX04-C1", building: "QX04-C1-B3", gridCell: "130703004002"), community: "QX04"),
    ])
    func infersCommunity(_ place: Place) async throws {
        let h = try Harness()
        var s = Self.base()
        s.community = nil
        s.location = place.location
        let c = try await h.service.submit(s, by: staff).case
        #expect(c.community == place.community)
        #expect(c.number.description == "\(place.community)-20261130-0001")
        guard case .submitted(let intake) = try await h.store.history(of: c.id).first?.change else {
            Issue.record("the first event is not a submission")
            return
        }
        #expect(intake.community == place.community)
        #expect(intake.submission.community == nil)
    }

    @Test("a given community that agrees with the grid cell is accepted")
    func agreeingCommunity() async throws {
        let h = try Harness()
        var s = Self.base()
        s.community = "QX02"
        s.location = CaseLocation(gridCell: "130703002002")
        #expect(try await h.service.submit(s, by: staff).case.community == "QX02")
    }

    // MARK: Idempotency

    @Test("the same external reference and content returns the first case")
    func idempotentRepeat() async throws {
        let h = try Harness()
        let first = try await h.service.submit(CouncilFixtures.gridReport("GR-0001"), by: gridPlatform)
        #expect(first.created)
        h.clock.advance(hours: 3)
        let again = try await h.service.submit(CouncilFixtures.gridReport("GR-0001"), by: gridPlatform)
        #expect(again.created == false)
        #expect(again.case == first.case)
        #expect(try await h.store.history(of: first.case.id).count == 1)
        #expect(try await h.store.latestSequence() == 1)
        #expect(try await h.store.find(CaseQuery()).cases.count == 1)
        let found = try await h.service.case(externalReference: ExternalReference(system: "grid-platform", reference: "GR-0001"))
        #expect(found.id == first.case.id)
    }

    @Test("a retry after the requested due time has passed still returns the first case")
    func retryAfterRequestedDue() async throws {
        let h = try Harness()
        let submission = petition("XF-2026-0400", requestedDue: Local.mondayNine.adding(hours: 1))
        let first = try await h.service.submit(submission, by: petitionOffice)
        h.clock.advance(hours: 2)
        let again = try await h.service.submit(submission, by: petitionOffice)
        #expect(again.created == false)
        #expect(again.case.id == first.case.id)
        #expect(try await h.store.latestSequence() == 1)
    }

    @Test("the same external reference with different content is a conflict")
    func idempotencyConflict() async throws {
        let h = try Harness()
        let first = try await h.service.submit(CouncilFixtures.gridReport("GR-0002"), by: gridPlatform)
        let error = await #expect(throws: CouncilError.self) {
            try await h.service.submit(CouncilFixtures.gridReport("GR-0002", title: "路灯损坏"), by: gridPlatform)
        }
        #expect(error?.code == .externalReferenceConflict)
        #expect(error?.field == "submission.externalReference")
        #expect(try await h.store.latestSequence() == 1)
        #expect(try await h.store.fetch(first.case.id) == first.case)
    }

    @Test("the same reference from another system is another case")
    func referencePerSystem() async throws {
        let h = try Harness()
        let grid = try await h.service.submit(CouncilFixtures.gridReport("X-1"), by: gridPlatform)
        var other = CouncilFixtures.gridReport("X-1")
        other.externalReference = ExternalReference(system: "hotline-12345", reference: "X-1")
        let hotline = try await h.service.submit(other, by: Principal(system: "hotline-12345"))
        #expect(hotline.created)
        #expect(hotline.case.id != grid.case.id)
        #expect(hotline.case.number.description == "QX01-20261130-0002")
    }

    // MARK: Due times

    @Test("a petition's requested due becomes its handling due on acceptance")
    func petitionRequestedDue() async throws {
        let h = try Harness()
        let c = try await h.service.submit(petition("XF-2026-0100", requestedDue: Local.at(2026, 12, 31)), by: petitionOffice).case
        #expect(c.requiresVerification == false)
        let accepted = try await h.service.accept(c.id, by: staff)
        #expect(accepted.handlingDue == Local.at(2026, 12, 31))
        #expect(accepted.acceptance?.handlingDue == Local.at(2026, 12, 31))
        // The policy's petition limits still govern extensions and the evaluation window.
        #expect(accepted.acceptance?.handlingLimit == .calendarDays(60))
        #expect(accepted.acceptance?.maxExtension == .calendarDays(30))
    }

    struct ResponseCase: Sendable, CustomTestStringConvertible {
        let label: String
        let submittedAt: Timestamp
        let submission: Submission
        let principal: Principal
        let responseDue: Timestamp
        var testDescription: String { label }
    }

    static func urgent() -> Submission {
        var s = base()
        s.priority = .urgent
        return s
    }

    static func hotline() -> Submission {
        var s = base()
        s.source = .hotline
        return s
    }

    static let responses: [ResponseCase] = [
        ResponseCase(label: "walk-in on Monday: end of Tuesday", submittedAt: Local.mondayNine, submission: base(),
                     principal: staff, responseDue: Local.at(2026, 12, 2)),
        ResponseCase(label: "walk-in on Friday: end of Monday", submittedAt: Local.at(2026, 12, 4, hour: 17, minute: 30),
                     submission: base(), principal: staff, responseDue: Local.at(2026, 12, 8)),
        ResponseCase(label: "walk-in before National Day: end of 8 October",
                     submittedAt: Local.at(2026, 9, 30, hour: 10), submission: base(), principal: staff,
                     responseDue: Local.at(2026, 10, 9)),
        ResponseCase(label: "urgent: two hours", submittedAt: Local.mondayNine, submission: urgent(), principal: staff,
                     responseDue: Local.at(2026, 11, 30, hour: 11)),
        ResponseCase(label: "urgent on a Saturday night: two hours", submittedAt: Local.at(2026, 12, 5, hour: 23),
                     submission: urgent(), principal: staff, responseDue: Local.at(2026, 12, 6, hour: 1)),
        ResponseCase(label: "hotline: two hours", submittedAt: Local.mondayNine, submission: hotline(), principal: staff,
                     responseDue: Local.at(2026, 11, 30, hour: 11)),
        ResponseCase(label: "petition office: 15 calendar days", submittedAt: Local.mondayNine,
                     submission: petition("XF-2026-0200"), principal: petitionOffice, responseDue: Local.at(2026, 12, 16)),
        ResponseCase(label: "petition office: last day a Sunday rolls to Monday",
                     submittedAt: Local.at(2026, 11, 28, hour: 9), submission: petition("XF-2026-0201"),
                     principal: petitionOffice, responseDue: Local.at(2026, 12, 15)),
    ]

    @Test("the response due follows the policy", arguments: responses)
    func responseDue(_ r: ResponseCase) async throws {
        let h = try Harness(start: r.submittedAt)
        let c = try await h.service.submit(r.submission, by: r.principal).case
        #expect(c.responseDue == r.responseDue)
        #expect(c.currentDue == r.responseDue)
        #expect(c.createdAt == r.submittedAt)
    }

    @Test("grid-platform cases require verification, walk-ins do not")
    func verificationRequirement() async throws {
        let h = try Harness()
        #expect(try await h.service.submit(CouncilFixtures.gridReport("GR-V"), by: gridPlatform).case.requiresVerification)
        #expect(try await h.service.submit(Self.base(), by: staff).case.requiresVerification == false)
    }
}
