import CouncilKit
import Foundation
import Testing

// What every councilctl command shares: one spelling per option, the server's idea of today and now, and one way of
// writing midnight.

private func ctl(_ arguments: String..., env: [String: String]) async throws -> CouncilctlBinary.Result {
    try await CouncilctlBinary.run(arguments, environment: env)
}

/// Every option name councilctl may use, and what it means. A new command reuses these; a concept new to councilctl
/// gets its own line here. Two names for one meaning fail review here, not in the field.
private let optionNames: [String: String] = [
    // Connecting and output (every command that talks to councild).
    "server": "councild's address, HOST:PORT",
    "system": "the client system connecting",
    "key": "the API key",
    "acting-user": "the person acting, recorded on events",
    "ca": "TLS: the CA certificates to trust",
    "cert": "TLS: the client certificate",
    "cert-key": "TLS: the client certificate's private key",
    "tls": "speak TLS",
    "timeout": "seconds to wait for an answer",
    "json": "JSON for scripts instead of tables",
    "no-progress": "draw no progress line",
    "help": "help",
    "version": "councilctl's version",
    // Who and where: directory codes.
    "community": "a community code (QX05); a filter, or the community acted on",
    "unit": "a responsible unit's code",
    "leader": "a district leader's person id",
    "person": "a person's id from the directory",
    "category": "a category code",
    "grid-cell": "a grid cell (网格) code",
    "compound": "a compound (小区) code",
    "building": "a building (楼栋) code",
    "place": "a place in words",
    "latitude": "WGS-84 latitude",
    "longitude": "WGS-84 longitude",
    "convener": "the person convening a meeting",
    "approver": "the person approving or denying an extension",
    "holder": "who holds a link: a leader, unit or cadre",
    "target": "what a link reaches: a community, compound or household",
    "invite": "someone invited to a meeting",
    "elected": "elected candidates",
    "candidate": "a candidate and votes",
    "method": "how representatives were elected",
    "awarded-by": "who awards a commendation",
    "for-system": "the client system a personal account signs in through",
    "role": "a role",
    "kind": "a kind of link or unit",
    // Days and times. A period of days is --from … --through, both ends included; --month instead of both.
    "from": "the first day of a period (included)",
    "through": "the last day of a period (included)",
    "month": "a whole month instead of --from/--through",
    "on": "the one day something is looked at or happens",
    "year": "a year",
    "at": "when something happens: a TIME",
    "to": "where a thing goes: the body a case is referred to, the time a meeting is moved to",
    "start": "a link's first day",
    "term-start": "a representatives' term's first day",
    "term-end": "a representatives' term's last day",
    "due": "a due time set by this step",
    "requested-due": "a due time the sending system asks for",
    "deadline": "when a resolution must be carried out",
    "expires": "when a personal key stops working",
    "due-before": "cases whose running clock ends before a TIME (exclusive instant)",
    "created-from": "cases registered at or after a TIME",
    "created-before": "cases registered before a TIME (exclusive instant)",
    "hours": "hours of service",
    // Text.
    "title": "a short title",
    "description": "what the problem is",
    "note": "a free-text note",
    "reason": "why",
    "message": "what is told to the submitter",
    "comment": "the submitter's comment on an evaluation",
    "summary": "a summary",
    "report": "a completion report",
    "instructions": "what a unit is asked to do",
    "help-given": "help given to a household in difficulty",
    "topic": "a free topic on a meeting's agenda",
    "text": "full-text search",
    "submitter-name": "personal data: the submitter's name",
    "submitter-phone": "personal data: the submitter's phone",
    "submitter-address": "personal data: the submitter's address",
    "submitter-id-number": "personal data: the submitter's identity-document number",
    // Cases and the loop.
    "case": "a case: number, id or SYSTEM/REF",
    "into": "the case a duplicate is merged into",
    "master": "cases merged into this case",
    "status": "case or notification statuses",
    "step": "a loop step",
    "source": "the channel a case came through",
    "priority": "normal or urgent",
    "external-reference": "the sending system's reference",
    "attachment": "a photo or document reference",
    "idempotency-key": "a key that makes a retry safe",
    "expected-version": "the case version the step expects",
    "organization": "the organisation a case is referred to",
    "length": "how much more time an extension asks",
    "channel": "a feedback channel or a notification channel",
    "rating": "the submitter's rating",
    "solved": "the submitter considers it solved",
    "no-solved": "the submitter does not consider it solved",
    "passed": "verification found it fixed",
    "failed": "verification found it not fixed",
    "meeting": "a meeting's id",
    "resolution": "a meeting's decision",
    "vote": "a vote: for, against, abstaining",
    "defer": "put off to a later meeting",
    "no-consensus": "no consensus",
    // Meetings.
    "place-kind": "hall, corridor, pavilion or other",
    "format": "a meeting's format",
    "no-waiting-cases": "do not add cases awaiting deliberation",
    "record": "a meeting's record file",
    // Links and visits.
    "link": "a link's id",
    "active": "only links active today",
    // Listing.
    "after": "after a sequence number",
    "count": "how many events to wait for",
    "limit": "how many per call",
    "order": "newest or oldest first",
    "cursor": "where a previous page ended",
    "all": "every page",
    "state": "a dead letter's state",
    // Assessment and exports.
    "formulas": "show each figure's formula",
    "weights": "a file of weights",
    "minimum-counted-share": "the least share of weight to be ranked",
    "top": "only the first N",
    "communities-only": "only communities",
    "units-only": "only units",
    "out": "the file to write",
    "check": "check locally, send nothing",
]

/// Old spellings that still work, hidden from help: each names the spelling that replaced it.
private let deprecatedNames: [String: String] = [
    "before": "through",  // --before DAY is --through the day before
    "date": "on",
    "notes": "note",
]

/// What a positional argument may stand for, by its value name. A community code is never positional:
/// `--community CODE` everywhere.
private let positionalNames: [String: String] = [
    "case": "a case", "person": "a person's id", "key-id": "a personal key's id", "id": "a meeting's, link's or dead letter's id",
    "visit": "a visit's id", "grid-cell": "a grid cell code", "file": "a file", "texts": "texts to measure",
    "deprecated-code": "the old `communities CODE`, hidden", "subcommands": "the command `help` explains",
]

/// One option or argument of one command in councilctl's dump-help.
private struct Spelling {
    var command: String
    var kind: String
    var longNames: [String]
    var valueName: String?
    var shown: Bool
}

/// Every argument of every command, walking councilctl's help as JSON (`--experimental-dump-help`).
private func spellings() async throws -> [Spelling] {
    let dump = try await ctl("--experimental-dump-help", env: [:])
    #expect(dump.status == 0, "\(dump.stderr)")
    let root = try #require(try dump.object()["command"] as? [String: Any])
    var result: [Spelling] = []
    func walk(_ command: [String: Any], path: String) {
        let name = path.isEmpty ? "councilctl" : path
        for argument in command["arguments"] as? [[String: Any]] ?? [] {
            let names = argument["names"] as? [[String: Any]] ?? []
            result.append(Spelling(
                command: name, kind: argument["kind"] as? String ?? "?",
                longNames: names.filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String },
                valueName: argument["valueName"] as? String, shown: argument["shouldDisplay"] as? Bool ?? true))
        }
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            walk(sub, path: "\(path.isEmpty ? "" : path + " ")\(sub["commandName"] as? String ?? "?")")
        }
    }
    walk(root, path: "")
    return result
}

@Suite("councilctl's conventions: option names, the server's today, midnight")
struct CouncilctlConventionsTests {
    @Test(
        "every option of every command is spelled as the one list says, and old spellings are hidden",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func everyOptionIsListed() async throws {
        let all = try await spellings()
        #expect(all.count > 200, "the whole tree was walked: \(all.count) arguments")
        var used: Set<String> = []
        for spelling in all {
            if spelling.kind == "positional" {
                let name = spelling.valueName ?? "?"
                #expect(positionalNames[name] != nil, "\(spelling.command): positional <\(name)> is not in the list; a filter or a code is an option")
                if name == "deprecated-code" { #expect(!spelling.shown, "\(spelling.command): an old spelling is hidden") }
                continue
            }
            for name in spelling.longNames {
                used.insert(name)
                if let replacement = deprecatedNames[name] {
                    #expect(!spelling.shown, "\(spelling.command): --\(name) is the old spelling of --\(replacement) and stays out of help")
                    #expect(all.contains { $0.command == spelling.command && $0.longNames.contains(replacement) },
                            "\(spelling.command): --\(name) stands for --\(replacement), which the command must have")
                } else if name != "experimental-dump-help" {
                    #expect(optionNames[name] != nil, "\(spelling.command): --\(name) is not in the list of option names; reuse one or add it with its meaning")
                }
            }
        }
        let unused = Set(optionNames.keys).union(deprecatedNames.keys).subtracting(used)
        #expect(unused.isEmpty, "names in the list no command uses: \(unused.sorted())")
        #expect(!all.contains { $0.longNames.contains("before") && $0.shown }, "--before is spelled --through")
        #expect(!all.contains { $0.command == "communities" && $0.kind == "positional" && $0.shown }, "communities takes --community")

        // A period that cannot be is refused before councild is asked for its today (no server here).
        let both = try await ctl("scorecard", "--community", "QX01", "--month", "last", "--from", "today", env: [:])
        #expect(both.status == 2 && both.stderr.contains("give --month, or --from and --through, not both"), "\(both.stderr)")
        let backwards = try await ctl("lapses", "--from", "2026-06-10", "--through", "2026-06-01", env: [:])
        #expect(backwards.status == 2 && backwards.stderr.contains("before it starts"), "\(backwards.stderr)")
    }

    @Test(
        "today, this month, now and spans from them are the server's, whatever the client's clock says",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func serverToday() async throws {
        // Wednesday 2026-06-10 10:00 UTC+8 on the server; this machine's clock says otherwise.
        let serverNow = LocalTimeFixture.instant(2026, 6, 10, hour: 10)
        try await TestDaemon.with(clock: ManualClock(serverNow)) { server in
            let env = ["COUNCIL_SERVER": "127.0.0.1:\(server.port)", "COUNCIL_KEY": "demo-hall-staff"]
            let card = try await ctl("scorecard", "--community", "QX01", "--json", env: env)
            #expect(card.status == 0, "\(card.stderr)")
            #expect(try card.object()["from"] as? String == "2026-06-01" && card.object()["through"] as? String == "2026-06-10")
            let last = try await ctl("scorecard", "--community", "QX01", "--month", "last", "--json", env: env).object()
            #expect(last["from"] as? String == "2026-05-01" && last["through"] as? String == "2026-05-31")
            let week = try await ctl("lapses", "--from", "-1w", "--json", env: env).object()
            #expect(week["from"] as? String == "2026-06-03" && week["through"] as? String == "2026-06-10")
            #expect(try await ctl("coverage", "--on", "yesterday", "--json", env: env).object()["on"] as? String == "2026-06-09")
            let overdue = try await ctl("overdue", "--json", env: env).object()
            #expect(overdue["now"] as? String == "2026-06-10T10:00:00.000+08:00")

            let submitted = try await ctl("submit", "--title", "楼道灯不亮", "--community", "QX05", "--requested-due", "+2d", "--json", env: env)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let c = try #require(try submitted.object()["case"] as? [String: Any])
            #expect(c["requestedDue"] as? String == "2026-06-12T10:00:00.000+08:00", "two days from the server's now")
            #expect(c["createdAt"] as? String == "2026-06-10T10:00:00.000+08:00")

            // The old spellings still work.
            let meetings = try await ctl("meetings", "list", "--community", "QX01", "--before", "today", "--json", env: env)
            #expect(meetings.status == 0, "\(meetings.stderr)")
            let both = try await ctl("meetings", "list", "--before", "today", "--through", "today", env: env)
            #expect(both.status == 2 && both.stderr.contains("--through"), "\(both.stderr)")
            let one = try await ctl("communities", "QX05", "--json", env: env)
            let byOption = try await ctl("communities", "--community", "QX05", "--json", env: env)
            #expect(one.status == 0 && byOption.status == 0 && one.stdout == byOption.stdout)
            #expect((try byOption.object()["compounds"] as? [Any])?.isEmpty == false, "one community comes with its compounds")
        }
    }

    @Test(
        "a midnight prints as 24:00 of the day it ends, everywhere councilctl prints a time for people; 24:00 is read back",
        .enabled(if: CouncilctlBinary.url != nil, Comment(rawValue: CouncilctlBinary.missing)))
    func midnight() async throws {
        try await TestDaemon.with(clock: ManualClock(LocalTimeFixture.instant(2026, 6, 10, hour: 10))) { server in
            let env = ["COUNCIL_SERVER": "127.0.0.1:\(server.port)", "COUNCIL_KEY": "demo-hall-staff"]
            let number = try await ctl("submit", "--title", "噪音扰民", "--community", "QX01", "--requested-due", "2026-06-20", env: env)
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let shown = try await ctl("show", number, env: env)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("2026-06-20 24:00"), "a due day ends at 24:00: \(shown.stdout)")
            #expect(!shown.stdout.contains("00:00"), "no time prints as 00:00: \(shown.stdout)")
            let json = try #require(try await ctl("show", number, "--json", env: env).object()["case"] as? [String: Any])
            #expect(json["requestedDue"] as? String == "2026-06-21T00:00:00.000+08:00", "JSON keeps ISO 8601")

            let accepted = try await ctl("accept", number, "--category", "environment", "--json", env: env)
            #expect(accepted.status == 0, "\(accepted.stderr)")
            let due = try #require(try accepted.object()["case"] as? [String: Any])["handlingDue"] as? String
            #expect(due?.hasSuffix("T00:00:00.000+08:00") == true, "day-counted due times fall at midnight: \(due ?? "none")")
            let found = try await ctl("find", "--community", "QX01", env: env)
            #expect(found.stdout.contains(" 24:00") && !found.stdout.contains("00:00"), "\(found.stdout)")

            let again = try await ctl("submit", "--title", "噪音扰民", "--community", "QX01", "--requested-due", "2026-06-20 24:00", "--json", env: env)
            #expect(try #require(try again.object()["case"] as? [String: Any])["requestedDue"] as? String == "2026-06-21T00:00:00.000+08:00")
            #expect(try await ctl("submit", "--title", "x", "--community", "QX01", "--requested-due", "2026-06-20 24:01", env: env).status == 2)
        }
    }
}

/// Instants in UTC+8, independent of councilctl's own conversion.
private enum LocalTimeFixture {
    static func instant(_ year: Int, _ month: Int, _ day: Int, hour: Int) -> Timestamp {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
        return Timestamp(millisecondsSince1970: Int64(date.timeIntervalSince1970 * 1000))
    }
}
