import CouncilAPI
import CouncilClient
import CouncilKit
import CouncilNode
import CouncilServer
import Foundation
import Testing

@Suite("People's accounts and personal keys: every event names the person who signed in")
struct AccountTests {
    private func submission(_ title: String) -> Submission {
        Submission(title: title, description: "三单元楼道灯坏了一周", source: .walkIn, community: "QX01")
    }

    @Test("a person signs in with a personal key; their events name them as signed in, a system's acting user as asserted")
    func signedInPerson() async throws {
        try await TestDaemon.with { daemon async throws in
            let admin = daemon.client("hall-staff")
            _ = try await admin.addAccount(personID: "CD01", roles: [.hallStaff])
            let issued = try await admin.issueKey(personID: "CD01")
            #expect(issued.key.hasPrefix("chp_") && issued.info?.keyID.hasPrefix("chp_") == true)
            #expect(issued.key.count > (issued.info?.keyID.count ?? 0) + 20, "the secret follows the key's id")

            let person = daemon.client("hall-staff", key: issued.key)
            let mine = try await person.submit(submission: submission("楼道灯不亮"))
            let history = try await person.getHistory(caseID: mine.case.state.id)
            #expect(history.events.first?.principal == Principal(system: "hall-staff", user: "CD01", userAuthenticated: true))

            // The person cannot say somebody else acted.
            let impersonation = await refusal {
                _ = try await person.accept(
                    caseID: mine.case.state.id, options: CallOptions(metadata: CallMetadata(actingUser: "CD02")))
            }
            #expect(impersonation?.code == .permissionDenied && impersonation?.field == "metadata.acting_user")

            // A system key naming a clerk: recorded as the system's word, not as a sign-in.
            let asserted = try await admin.submit(
                submission: submission("井盖缺失"), options: CallOptions(metadata: CallMetadata(actingUser: "CD01")))
            let assertedHistory = try await admin.getHistory(caseID: asserted.case.state.id)
            #expect(assertedHistory.events.first?.principal == Principal(system: "hall-staff", user: "CD01", userAuthenticated: false))
            #expect(assertedHistory.events.first?.principal.description == "hall-staff:CD01")
            #expect(history.events.first?.principal.description == "hall-staff:CD01 (signed in)")
            await person.close()
            await admin.close()
        }
    }

    @Test("roles give the scopes: a leader reads and cannot move a case")
    func rolesGiveScopes() async throws {
        try await TestDaemon.with { daemon async throws in
            let admin = daemon.client("hall-staff")
            _ = try await admin.addAccount(personID: "L01", roles: [.leader])
            let leader = daemon.client("hall-staff", key: try await admin.issueKey(personID: "L01").key)
            var lamp = submission("路灯不亮")
            lamp.category = "infrastructure"
            let submitted = try await admin.submit(submission: lamp)
            #expect(try await leader.getCase(key: .id(submitted.case.state.id)).state.id == submitted.case.state.id)
            let refused = await refusal { _ = try await leader.accept(caseID: submitted.case.state.id) }
            #expect(refused?.code == .permissionDenied)
            #expect(submitted.case.submitterDisclosure == .full)

            _ = try await admin.setAccountRoles(personID: "L01", roles: [.leader, .hallStaff])
            let again = daemon.client("hall-staff", key: try await admin.issueKey(personID: "L01").key)
            #expect(try await again.accept(caseID: submitted.case.state.id).state.status == .accepted, "new roles apply to new connections")
            await leader.close()
            await again.close()
            await admin.close()
        }
    }

    @Test("revoked, rotated, expired keys and disabled accounts sign in no more, each with its own reason", .timeLimit(.minutes(1)))
    func lifecycle() async throws {
        let clock = ManualClock(Timestamp(millisecondsSince1970: 1_796_000_000_000))
        // The admin's connection stays open while the test moves the clock on by a quarter hour at a time.
        try await TestDaemon.with(limits: { $0.idleTimeoutMilliseconds = 3_600_000 }, clock: clock) { daemon async throws in
            let admin = daemon.client("hall-staff")
            _ = try await admin.addAccount(personID: "CD01", roles: [.hallStaff])
            let first = try await admin.issueKey(personID: "CD01")
            let rotated = try await admin.rotateKey(keyID: try #require(first.info?.keyID))
            let old = daemon.client("hall-staff", key: first.key)
            #expect(await refusal { _ = try await old.checkHealth() }?.reason == "keyRevoked")
            await old.close()
            clock.advance(milliseconds: 15 * 60_000)  // failed sign-ins lapse: no wait before the next handshake
            let new = daemon.client("hall-staff", key: rotated.key)
            #expect(try await new.checkHealth() == .serving)
            await new.close()

            _ = try await admin.setAccountDisabled(personID: "CD01", disabled: true)
            let disabled = daemon.client("hall-staff", key: rotated.key)
            #expect(await refusal { _ = try await disabled.checkHealth() }?.reason == "accountDisabled")
            await disabled.close()
            clock.advance(milliseconds: 15 * 60_000)  // failed sign-ins lapse: no wait before the next handshake
            _ = try await admin.setAccountDisabled(personID: "CD01", disabled: false)

            let expiring = try await admin.issueKey(personID: "CD01", expiresAt: clock.now().adding(milliseconds: 60_000))
            clock.advance(milliseconds: 60_000)
            let expired = daemon.client("hall-staff", key: expiring.key)
            #expect(await refusal { _ = try await expired.checkHealth() }?.reason == "keyExpired")
            await expired.close()
            clock.advance(milliseconds: 15 * 60_000)  // failed sign-ins lapse: no wait before the next handshake

            let forged = daemon.client("hall-staff", key: String(rotated.key.dropLast(2)) + "xx")
            #expect(await refusal { _ = try await forged.checkHealth() }?.reason == "unauthenticated", "a wrong secret says nothing of the key")
            await forged.close()
            clock.advance(milliseconds: 15 * 60_000)  // failed sign-ins lapse: no wait before the next handshake

            let otherSystem = daemon.client("petition-office", key: rotated.key)
            #expect(await refusal { _ = try await otherSystem.checkHealth() }?.code == .permissionDenied)
            await otherSystem.close()

            let changes = try await admin.listAccountChanges(personID: "CD01").map(\.change)
            #expect(changes.count == 6, "added, issued, rotated, disabled, enabled, issued: \(changes)")
            #expect(changes.first == "added for hall-staff with roles hallStaff")
            #expect(changes.contains("disabled") && changes.contains("enabled"))
            #expect(try await admin.listAccountChanges().allSatisfy { $0.by?.system == "hall-staff" })
            let account = try #require(try await admin.listAccounts().first { $0.personID == "CD01" })
            #expect(account.keys.count == 3 && account.keys.filter { $0.revokedAt != nil }.count == 1)
            #expect(account.keys.first { $0.keyID == rotated.info?.keyID }?.lastUsedAt != nil, "a key that signed in says when")
            await admin.close()
        }
    }

    @Test("accounts are for people of the directory, one each, with at least one role")
    func badAccounts() async throws {
        try await TestDaemon.with { daemon async throws in
            let admin = daemon.client("hall-staff")
            #expect(await refusal { _ = try await admin.addAccount(personID: "NOBODY", roles: [.leader]) }?.field == "person_id")
            #expect(await refusal { _ = try await admin.addAccount(personID: "CD01", roles: []) }?.field == "roles")
            _ = try await admin.addAccount(personID: "CD01", roles: [.leader])
            #expect(await refusal { _ = try await admin.addAccount(personID: "CD01", roles: [.leader]) }?.code == .alreadyExists)
            #expect(await refusal { _ = try await admin.issueKey(personID: "L01") }?.code == .notFound)
            let office = daemon.client("petition-office")
            #expect(await refusal { _ = try await office.listAccounts() }?.code == .permissionDenied, "needs the accounts scope")
            await office.close()
            await admin.close()
        }
    }

    @Test("after repeated failed sign-ins, refusals wait longer each time; valid keys do not wait; operators see them", .timeLimit(.minutes(1)))
    func failedSignInsSlowDown() async throws {
        let clock = ManualClock(Timestamp(millisecondsSince1970: 1_796_000_000_000))
        try await TestDaemon.with(clock: clock) { daemon async throws in
            let wrong = "chp_0123456789abcdef_not-a-real-secret"
            for _ in 0..<3 {
                let guesser = daemon.client("hall-staff", key: wrong)
                #expect(await refusal { _ = try await guesser.checkHealth() }?.code == .unauthenticated)
                await guesser.close()
            }
            // The fourth refusal comes only once a second has passed on the server's clock.
            let fourth = daemon.client("hall-staff", key: wrong)
            let refused = Task { await refusal { _ = try await fourth.checkHealth() } }
            await clock.waitForTimers(1, dueBy: clock.now().adding(milliseconds: 1000))
            // Meanwhile a valid key from the same address is answered at once.
            let admin = daemon.client("hall-staff")
            let failures = try await admin.listSignInFailures()
            let address = try #require(failures.first { $0.kind == "address" })
            #expect(address.subject == "127.0.0.1" && address.failures == 4)
            #expect(address.delayedUntil == clock.now().adding(milliseconds: 2000), "the next refusal would wait two seconds")
            clock.advance(milliseconds: 999)
            clock.advance(milliseconds: 1)
            #expect(await refused.value?.reason == "unauthenticated")
            await fourth.close()
            await admin.close()
        }
    }

    @Test(
        "councilctl: an administrator adds an account and issues a key; events written with it name the person who signed in",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func councilctlSignsInAsAPerson() async throws {
        try await TestDaemon.with { server async throws in
            let admin = ["COUNCIL_SERVER": "127.0.0.1:\(server.port)", "COUNCIL_KEY": "demo-hall-staff"]
            let added = try await CouncilctlBinary.run(["accounts", "add", "CD01", "--role", "hallStaff"], environment: admin)
            #expect(added.status == 0 && added.stdout.contains("CD01  hall-staff  hallStaff  enabled"), "\(added.stderr)")
            let issued = try await CouncilctlBinary.run(["keys", "issue", "CD01"], environment: admin)
            #expect(issued.status == 0, "\(issued.stderr)")
            let key = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(key.hasPrefix("chp_") && issued.stderr.contains("shown this once"))

            var person = admin
            person["COUNCIL_KEY"] = key
            let submitted = try await CouncilctlBinary.run(
                ["submit", "--json", "--title", "楼道灯不亮", "--community", "QX01", "--source", "walkIn"], environment: person)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let number = try #require((try submitted.object()["case"] as? [String: Any])?["number"] as? String)
            let shown = try await CouncilctlBinary.run(["show", "--json", number], environment: admin)
            let actor = try #require((try shown.object()["history"] as? [[String: Any]])?.first?["actor"] as? [String: Any])
            #expect(actor["user"] as? String == "CD01" && actor["userAuthenticated"] as? Bool == true)
            let text = try await CouncilctlBinary.run(["show", number], environment: admin)
            #expect(text.stdout.contains("hall-staff:CD01 (signed in)"))

            let history = try await CouncilctlBinary.run(["accounts", "history", "CD01"], environment: admin)
            #expect(history.stdout.contains("added for hall-staff with roles hallStaff") && history.stdout.contains("issued"))
        }
    }

    @Test("events recorded before people signed in read back as asserted by their system")
    func principalCompatibility() throws {
        let old = try JSONDecoder().decode(Principal.self, from: Data(#"{"system":"hall-staff","user":"HS05"}"#.utf8))
        #expect(old == Principal(system: "hall-staff", user: "HS05", userAuthenticated: false))
        let signedIn = Principal(system: "hall-staff", user: "CD01", userAuthenticated: true)
        #expect(try JSONDecoder().decode(Principal.self, from: JSONEncoder().encode(signedIn)) == signedIn)
        #expect(Principal(system: "grid-platform", userAuthenticated: true).userAuthenticated == false, "no person, nobody signed in")
    }
}
