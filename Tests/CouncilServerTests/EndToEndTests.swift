import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilServer
import CouncilTestKit
import CouncilWire
import Foundation
import Testing

/// How the flows connect: in plaintext with keys, or over mutual TLS — the petition office by certificate and key,
/// the grid platform by its certificate alone, hall staff by key over TLS.
enum Transport: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case plaintext
    case mutualTLS

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh server and a way to make each system's client.
    func run(_ body: @escaping (_ client: (String) -> CouncilClient) async throws -> Void) async throws {
        guard self == .mutualTLS else {
            try await TestDaemon.with { server async throws in try await body { server.client($0) } }
            return
        }
        let pki = try TestPKI.make()
        defer { pki.remove() }
        try await TestDaemon.with(configure: { $0.tls = pki.server }) { server async throws in
            try await body { system in
                switch system {
                case "petition-office": server.client(system, tls: pki.client("petition-office"))
                case "grid-platform": server.client(system, key: .some(nil), tls: pki.client("grid-platform"))
                default: server.client(system, tls: pki.client())
                }
            }
        }
    }
}

@Suite("councild end to end over loopback")
struct EndToEndTests {
    @Test(
        "a petition goes in twice and becomes one case; staff take it around the loop; the feed and the watch see every event in order",
        arguments: Transport.allCases)
    func petitionAroundTheLoop(_ transport: Transport) async throws {
        try await transport.run { client in
            let office = client("petition-office"), staff = client("hall-staff")
            let watcher = Task {
                var seen: [CaseEvent] = []
                for try await batch in staff.watchEvents(after: 0) {
                    seen += batch.events
                    if seen.contains(where: { $0.change.operation == .close }) { break }
                }
                return seen
            }

            var petition = Submission(
                title: "小区供暖不热", description: "3号楼室温不足十六度，已持续一周。", source: .petitionOffice, community: "QX05",
                category: "heating", submitter: PersonalData(name: "王五", phone: "13600001111"),
                externalReference: ExternalReference(system: "petition-office", reference: "XF-2026-1101"),
                requestedDue: Timestamp(millisecondsSince1970: Timestamp(Date()).millisecondsSince1970 + 20 * 86_400_000))
            let first = try await office.submit(submission: petition)
            let again = try await office.submit(submission: petition)
            #expect(first.created && !again.created)
            #expect(first.case.state.id == again.case.state.id)
            #expect(first.case.submitterDisclosure == .masked, "the petition office's key has no personal-data scope")
            #expect(first.case.state.submission.submitter?.phone == "136****1111")

            petition.description = "改了内容"
            let conflict = await #expect(throws: CouncilClientError.self) { try await office.submit(submission: petition) }
            #expect(conflict?.code == .alreadyExists)

            let id = first.case.state.id
            var view = try await staff.getCase(key: .id(id))
            #expect(view.submitterDisclosure == .full && view.state.submission.submitter?.phone == "13600001111")
            view = try await staff.accept(caseID: id, expectedVersion: 1)
            view = try await staff.dispatch(caseID: id, unit: "HEAT", instructions: "请三日内排查")
            view = try await staff.addProgress(caseID: id, note: "已上门排查")
            view = try await staff.resolve(caseID: id, result: HandlingResult(summary: "更换阀门后室温达标", completionReport: "办结报告：更换3号楼单元阀门"))
            view = try await staff.recordFeedback(caseID: id, feedback: Feedback(channel: .sourceSystem, message: "已回复信访系统"))
            view = try await office.evaluate(caseID: id, evaluation: Evaluation(rating: .satisfied, solved: true))
            view = try await staff.close(caseID: id)
            #expect(view.state.status == .closed)

            let history = try await staff.getHistory(caseID: id).events
            #expect(history.map(\.change.operation) == [.submit, .accept, .dispatch, .addProgress, .resolve, .recordFeedback, .evaluate, .close])
            #expect(history.first?.principal.system == "petition-office")
            #expect(history.last?.principal.system == "hall-staff")

            let seen = try await watcher.value
            #expect(seen.map(\.sequence) == Array(1...Int64(seen.count)), "the watch sees every event, in order, without gaps")
            #expect(seen.filter { $0.caseID == id }.map(\.change.operation) == history.map(\.change.operation))

            let firstPage = try await staff.listChanges(after: 0, limit: 3)
            let rest = try await staff.listChanges(after: firstPage.events.last!.sequence, limit: 100)
            #expect((firstPage.events + rest.events).map(\.sequence) == seen.map(\.sequence), "the feed resumes from a cursor")
            await office.close()
            await staff.close()
        }
    }

    @Test("the grid platform reports, staff handle, the platform verifies: a failed check sends it back", arguments: Transport.allCases)
    func gridVerification(_ transport: Transport) async throws {
        try await transport.run { client in
            let grid = client("grid-platform"), staff = client("hall-staff")
            let report = Submission(
                title: "井盖缺失", description: "路口井盖缺失", source: .gridPlatform, category: "safety",
                location: CaseLocation(gridCell: "130703005001", latitude: 40.8, longitude: 114.9),
                externalReference: ExternalReference(system: "grid-platform", reference: "GR-9001"), attachments: ["photo://1"])
            let id = try await grid.submit(submission: report).case.state.id
            #expect(try await staff.getCase(key: .externalReference(ExternalReference(system: "grid-platform", reference: "GR-9001"))).state.community == "QX05")
            _ = try await staff.accept(caseID: id)
            _ = try await staff.dispatch(caseID: id, unit: "UM")
            _ = try await staff.resolve(caseID: id, result: HandlingResult(summary: "已补装"))
            let denied = await #expect(throws: CouncilClientError.self) { try await staff.close(caseID: id) }
            #expect(denied?.code == .failedPrecondition)
            #expect(denied?.caseStatus == .resolved)
            let failed = try await grid.verify(caseID: id, verification: Verification(passed: false, note: "仍有缺口"))
            #expect(failed.state.status == .reopened)
            _ = try await staff.resolve(caseID: id, result: HandlingResult(summary: "重新安装"))
            let passed = try await grid.verify(caseID: id, verification: Verification(passed: true))
            #expect(passed.state.verification?.passed == true)

            let notMine = await #expect(throws: CouncilClientError.self) { try await grid.dispatch(caseID: id, unit: "UM") }
            #expect(notMine?.code == .permissionDenied, "the grid platform's key cannot manage cases")
            await grid.close()
            await staff.close()
        }
    }
}
