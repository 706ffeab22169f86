import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilServer
import Foundation
import Testing

@Suite("Idempotency keys: a retry is answered once, a key reused for another call is refused")
struct IdempotencyTests {
    private func walkIn(_ title: String) -> Submission {
        Submission(title: title, description: "三单元楼道灯坏了一周", source: .walkIn, community: "QX01", category: "environment")
    }

    private func keyed(_ key: String, actingUser: String? = nil) -> CallOptions {
        CallOptions(metadata: CallMetadata(idempotencyKey: key, actingUser: actingUser))
    }

    @Test("a retry with the same key is answered with the case and writes nothing more")
    func retry() async throws {
        try await TestDaemon.with { daemon async throws in
            let staff = daemon.client("hall-staff")
            let first = try await staff.submit(submission: walkIn("楼道灯不亮"), options: keyed("submit-1"))
            let again = try await staff.submit(submission: walkIn("楼道灯不亮"), options: keyed("submit-1"))
            #expect(first.created && !again.created)
            #expect(again.case.state.id == first.case.state.id)

            let id = first.case.state.id
            let accepted = try await staff.accept(caseID: id, options: keyed("accept-1"))
            let repeated = try await staff.accept(caseID: id, options: keyed("accept-1"))
            #expect(repeated.state.version == accepted.state.version)
            #expect(try await staff.getHistory(caseID: id).events.count == 2, "submitted and accepted, once each")
            await staff.close()
        }
    }

    /// A key used once, then for each of these other calls: every one is refused and changes nothing.
    @Test("a key reused for another case, method, content or person is refused with idempotencyKeyReused")
    func reuse() async throws {
        try await TestDaemon.with { daemon async throws in
            let staff = daemon.client("hall-staff")
            let a = try await staff.submit(submission: walkIn("路灯不亮"), options: keyed("s-1")).case.state.id
            let b = try await staff.submit(submission: walkIn("井盖缺失")).case.state.id
            _ = try await staff.accept(caseID: a, options: keyed("op-1"))
            let sequence = try await staff.listChanges(after: 0).latestSequence

            let reuses: [(String, () async throws -> Void)] = [
                ("another case", { _ = try await staff.accept(caseID: b, options: self.keyed("op-1")) }),
                ("another method", { _ = try await staff.addProgress(caseID: a, note: "已联系物业", options: self.keyed("op-1")) }),
                ("other content", { _ = try await staff.accept(caseID: a, priority: .urgent, options: self.keyed("op-1")) }),
                ("another acting user", { _ = try await staff.accept(caseID: a, options: self.keyed("op-1", actingUser: "HS02")) }),
                ("another submission", { _ = try await staff.submit(submission: self.walkIn("噪音扰民"), options: self.keyed("s-1")) }),
            ]
            for (what, call) in reuses {
                let refused = await refusal(call)
                #expect(refused?.code == .invalidArgument, "\(what)")
                #expect(refused?.reason == "idempotencyKeyReused", "\(what)")
                #expect(refused?.field == "metadata.idempotency_key", "\(what)")
            }
            #expect(try await staff.listChanges(after: 0).latestSequence == sequence, "no refused call wrote anything")
            #expect(try await staff.getCase(key: .id(b)).state.status == .submitted)

            // Keys belong to their system: another system's same key is its own.
            let office = daemon.client("petition-office")
            var petition = walkIn("小区停车难")
            petition.source = .petitionOffice
            #expect(try await office.submit(submission: petition, options: keyed("s-1")).created)
            await office.close()
            await staff.close()
        }
    }

    @Test("many simultaneous calls under one key register one case and all get it")
    func simultaneous() async throws {
        try await TestDaemon.with { daemon async throws in
            let staff = daemon.client("hall-staff")
            let ids = try await withThrowingTaskGroup(of: CaseID.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await staff.submit(submission: self.walkIn("垃圾清运不及时"), options: self.keyed("burst")).case.state.id }
                }
                return try await group.reduce(into: Set<CaseID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(try await staff.findCases(query: CaseQuery(text: "垃圾清运")).cases.count == 1)
            await staff.close()
        }
    }

    @Test("a key is free again 24 hours after its write")
    func expiry() async throws {
        let clock = ManualClock(Timestamp(millisecondsSince1970: 1_796_000_400_000))
        try await TestDaemon.with(clock: clock) { daemon async throws in
            let staff = daemon.client("hall-staff")
            let first = try await staff.submit(submission: walkIn("楼道灯不亮"), options: keyed("daily"))
            clock.advance(milliseconds: IdempotencyInterceptor.lifetimeMilliseconds)
            let next = try await staff.submit(submission: walkIn("路面坑洼"), options: keyed("daily"))
            #expect(next.created && next.case.state.id != first.case.state.id)
            await staff.close()
        }
    }
}
