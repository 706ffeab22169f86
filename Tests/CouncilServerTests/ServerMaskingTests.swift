import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilServer
import CouncilWire
import Testing

/// Personal data per caller (PROTOCOL.md §11) and what each key's scopes allow (§9.1 PERMISSION_DENIED).
@Suite("councild personal data and permissions")
struct ServerMaskingTests {
    static let person = PersonalData(name: "张三", phone: "13812345678", address: "桥西区东山坡社区3号楼2单元401", idNumber: "130703199001011234")
    static let masked = PersonalData(name: "张**", phone: "138****5678", address: "桥西区东山坡****", idNumber: "1****4")

    /// A read-only key for an auditing system, next to the demo keys.
    static let auditor = (key: "audit-key-for-tests", entry: KeyRing.Entry(system: "auditor", keyHash: KeyRing.hash("audit-key-for-tests"), scopes: [.read]))

    private func auditorClient(_ server: TestDaemon) -> CouncilClient {
        CouncilClient(configuration: .init(host: server.host, port: server.port, system: "auditor", key: Self.auditor.key))
    }

    private func submitter(in events: [CaseEvent], of id: CaseID) -> PersonalData? {
        for event in events where event.caseID == id {
            if case .submitted(let intake) = event.change { return intake.submission.submitter }
        }
        return nil
    }

    @Test(
        "personal data is masked in get, find, history, changes and watch for keys without personalData, and full for hall staff",
        arguments: [
            ("petition-office", PersonalDataDisclosure.masked), ("grid-platform", .masked), ("auditor", .masked), ("hall-staff", .full),
        ])
    func masking(system: String, disclosure: PersonalDataDisclosure) async throws {
        try await TestDaemon.with(keys: [Self.auditor.entry]) { server in
            let expected = disclosure == .full ? Self.person : Self.masked
            let office = server.client("petition-office")
            let submitted = try await office.submit(submission: 
                Harness.submission(
                    "噪音扰民", source: .petitionOffice, submitter: Self.person,
                    reference: ExternalReference(system: "petition-office", reference: "XF-MASK-1")))
            #expect(submitted.case.submitterDisclosure == .masked, "the submitting office cannot read back what it sent")
            #expect(submitted.case.state.submission.submitter == Self.masked)
            let id = submitted.case.state.id
            await office.close()

            let viewer = system == "auditor" ? auditorClient(server) : server.client(system)
            let view = try await viewer.getCase(key: .id(id))
            #expect(view.submitterDisclosure == disclosure)
            #expect(view.state.submission.submitter == expected)

            let found = try await viewer.findCases(query: CaseQuery(community: "QX01"))
            #expect(found.cases.map(\.state.id) == [id])
            #expect(found.cases.first?.submitterDisclosure == disclosure)
            #expect(found.cases.first?.state.submission.submitter == expected)

            let answer = try await viewer.getHistory(caseID: id)
            let history = answer.events
            #expect(answer.submitterDisclosure == disclosure)
            #expect(submitter(in: history, of: id) == expected)

            let page = try await viewer.listChanges(after: 0, limit: 100)
            let changes = page.events
            #expect(page.submitterDisclosure == disclosure)
            #expect(submitter(in: changes, of: id) == expected)

            let raw = try await RawWireConnection.handshaken(
                port: server.port, system: system, key: system == "auditor" ? Self.auditor.key : nil)
            try await raw.call(1, .watchEvents(WatchEventsRequest(after: 0)))
            let item = try await raw.nextResponse()
            guard case .watchEvents(let watched)? = item.response else {
                Issue.record("expected a watch item, got \(item)")
                return
            }
            #expect(watched.submitterDisclosure == disclosure)
            #expect(submitter(in: watched.events, of: id) == expected)
            await raw.close()

            var streamed: [CaseEvent] = []
            for try await batch in viewer.watchEvents(after: 0) {
                streamed += batch.events
                break
            }
            #expect(submitter(in: streamed, of: id) == expected, "the client's watch stream carries the same")
            await viewer.close()
        }
    }

    @Test("personal data is not searchable, and never echoed in an error message")
    func notSearchableNorEchoed() async throws {
        try await TestDaemon.with { server in
            let staff = server.client("hall-staff")
            _ = try await staff.submit(submission: Harness.submission("路灯不亮", submitter: Self.person))
            for text in ["张三", "13812345678", "130703199001011234"] {
                let page = try await staff.findCases(query: CaseQuery(text: text))
                #expect(page.cases.isEmpty, "a search for \(text) found a case through its submitter")
            }
            let badPhone = PersonalData(name: "李四", phone: "李四的手机号码")
            let refused = await #expect(throws: CouncilClientError.self) {
                try await staff.submit(submission: Harness.submission("电话无效", submitter: badPhone))
            }
            #expect(refused?.code == .invalidArgument)
            #expect(refused?.field == "submission.submitter.phone")
            #expect(refused.map { !$0.message.contains("李四") } == true, "the message is \(refused?.message ?? "")")
            await staff.close()
        }
    }

    @Test("a read-only key may read but not submit")
    func readOnlyKey() async throws {
        try await TestDaemon.with(keys: [Self.auditor.entry]) { server in
            let auditor = auditorClient(server)
            let health = try await auditor.checkHealth()
            #expect(health == .serving)
            let page = try await auditor.findCases(query: CaseQuery())
            #expect(page.cases.isEmpty)
            let denied = await #expect(throws: CouncilClientError.self) {
                try await auditor.submit(submission: Harness.submission("审计不能提交"))
            }
            #expect(denied?.code == .permissionDenied)
            #expect(denied?.reason == "permissionDenied")
            let feed = try await auditor.listChanges(after: 0)
            #expect(feed.events.isEmpty, "nothing was registered")
            await auditor.close()
        }
    }

    @Test("a submit key may register cases but not manage them", arguments: ["petition-office", "grid-platform"])
    func submitKeyCannotManage(system: String) async throws {
        try await TestDaemon.with { server in
            let client = server.client(system)
            let id = try await client.submit(submission: 
                Harness.submission(
                    "提交方不能派遣", source: system == "grid-platform" ? .gridPlatform : .petitionOffice,
                    reference: ExternalReference(system: system, reference: "OWN-1"))
            ).case.state.id
            let operations: [(String, () async throws -> CaseView)] = [
                ("accept", { try await client.accept(caseID: id, category: "environment") }),
                ("dispatch", { try await client.dispatch(caseID: id, unit: "UM") }),
                ("decline", { try await client.decline(caseID: id, reason: "不予受理") }),
                ("close", { try await client.close(caseID: id) }),
            ]
            for (name, operation) in operations {
                let denied = await #expect(throws: CouncilClientError.self, "\(name)") { try await operation() }
                #expect(denied?.code == .permissionDenied, "\(name): \(String(describing: denied))")
            }
            let staff = server.client("hall-staff")
            let view = try await staff.getCase(key: .id(id))
            #expect(view.state.version == 1 && view.state.status == .submitted, "nothing was done to the case")
            let accepted = try await staff.accept(caseID: id, category: "environment")
            #expect(accepted.state.status == .accepted, "hall staff may")
            await staff.close()
            await client.close()
        }
    }

    @Test("the grid platform may withdraw, evaluate and verify only the cases it sent itself")
    func gridPlatformOwnCasesOnly() async throws {
        try await TestDaemon.with { server in
            let grid = server.client("grid-platform"), office = server.client("petition-office")
            let theirs = try await office.submit(submission: 
                Harness.submission("信访件", source: .petitionOffice, reference: ExternalReference(system: "petition-office", reference: "XF-1"))
            ).case.state.id
            let mine = try await grid.submit(submission: 
                Harness.submission("网格件", source: .gridPlatform, reference: ExternalReference(system: "grid-platform", reference: "GR-1"))
            ).case.state.id

            let onTheirs: [(String, () async throws -> CaseView)] = [
                ("withdraw", { try await grid.withdraw(caseID: theirs, reason: "不是我的") }),
                ("evaluate", { try await grid.evaluate(caseID: theirs, evaluation: Evaluation(rating: .satisfied, solved: true)) }),
                ("verify", { try await grid.verify(caseID: theirs, verification: Verification(passed: true)) }),
            ]
            for (name, operation) in onTheirs {
                let denied = await #expect(throws: CouncilClientError.self, "\(name)") { try await operation() }
                #expect(denied?.code == .permissionDenied, "\(name) of another system's case: \(String(describing: denied))")
            }

            // On its own case the scope allows them: what remains is the loop's own rule.
            let early = await #expect(throws: CouncilClientError.self) { try await grid.evaluate(caseID: mine, evaluation: Evaluation(rating: .satisfied, solved: true)) }
            #expect(early?.code == .failedPrecondition, "evaluating a case not yet handled is refused by the loop, not by permission")
            let withdrawn = try await grid.withdraw(caseID: mine, reason: "居民已自行解决")
            #expect(withdrawn.state.status == .withdrawn)

            let history = try await server.client("hall-staff").getHistory(caseID: mine).events
            #expect(history.last?.principal.system == "grid-platform", "the caller is recorded on the event")
            await grid.close()
            await office.close()
        }
    }

    @Test("a system cannot file a case under another system's external reference, which would let that system act on it")
    func foreignExternalReference() async throws {
        try await TestDaemon.with { server in
            let office = server.client("petition-office")
            let refused = await #expect(throws: CouncilClientError.self) {
                try await office.submit(submission: 
                    Harness.submission("冒用网格编号", source: .petitionOffice, reference: ExternalReference(system: "grid-platform", reference: "GR-77")))
            }
            #expect(refused?.code == .permissionDenied)
            #expect(refused?.field == "submission.external_reference.system")
            let staff = server.client("hall-staff")
            let page = try await staff.findCases(query: CaseQuery())
            #expect(page.cases.isEmpty, "nothing was registered")
            await staff.close()
            await office.close()
        }
    }

    @Test("the acting user from the call's metadata is recorded with the client system")
    func actingUserRecorded() async throws {
        try await TestDaemon.with { server in
            let office = server.client("petition-office")
            let id = try await office.submit(submission: Harness.submission("谁提交的", source: .petitionOffice), options: CallOptions(metadata: CallMetadata(actingUser: "XF-007")))
                .case.state.id
            let history = try await server.client("hall-staff").getHistory(caseID: id).events
            #expect(history.first?.principal.system == "petition-office")
            #expect(history.first?.principal.user == "XF-007")
            await office.close()
        }
    }
}
