import CouncilKit
import CouncilTestKit
import Foundation
import Testing

@testable import CouncilSQLite

@Suite("The store's own JSON decoder agrees with JSONDecoder")
struct StoredJSONTests {
    /// Decodes with the fast path only (no fallback) and with JSONDecoder; both must succeed and agree.
    func agree<T: Codable & Equatable>(_ value: T, _ type: T.Type = T.self) throws {
        let data = try JSONEncoder().encode(value)
        let fast = try #require(StoredJSON.decodeFast(type, from: data), "the fast path gave up on \(T.self)")
        let foundation = try JSONDecoder().decode(type, from: data)
        #expect(fast == foundation)
        #expect(fast == value)
    }

    @Test("every status of the loop, its case and its events, decode the same")
    func wholeLoop() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: InMemoryCaseStore(), clock: clock)
        let driver = LoopDriver(service: service, clock: clock)
        var checked = 0
        for status in CaseStatus.allCases {
            for verifying in [false, true] {
                guard let state = try? await driver.case(in: status, verifying: verifying) else { continue }
                try agree(state)
                for event in try await service.history(of: state.id) {
                    try agree(event.change)
                    checked += 1
                }
            }
        }
        #expect(checked > 50)
    }

    @Test("escapes, Unicode beyond the BMP, numbers and nulls")
    func edges() throws {
        var submission = CouncilFixtures.walkIn("引号\"反斜杠\\换行\n制表\t斜杠/ 😀 é", description: "\u{1}\u{1F}控制字符")
        submission.location = CaseLocation(compound: "QX01-C1", description: "东侧", latitude: 40.767_123, longitude: -114.884_5)
        submission.submitter = PersonalData(name: "张三", phone: "+86 138-1234-5678")
        submission.attachments = ["a", "", "b\"c"]
        try agree(submission)
        let written = #"{"title":"a\"b\\c\n\u00e9\ud83d\ude00\/","description":"","source":"walkIn","attachments":[],"community":null}"#
        let data = Data(written.utf8)
        let fast = try #require(StoredJSON.decodeFast(Submission.self, from: data))
        #expect(fast == (try JSONDecoder().decode(Submission.self, from: data)))
        #expect(fast.title == "a\"b\\c\né😀/")
        #expect(fast.community == nil)
    }

    @Test("what the fast path cannot read is left to JSONDecoder, errors included")
    func fallback() throws {
        #expect(StoredJSON.decodeFast(Submission.self, from: Data("{\"title\": 1}".utf8)) == nil)
        #expect(throws: DecodingError.self) { try StoredJSON.decode(Submission.self, from: Data("{\"title\": 1}".utf8)) }
        #expect(throws: (any Error).self) { try StoredJSON.decode(Submission.self, from: Data("{\"title\"".utf8)) }
        #expect(try StoredJSON.decode(Timestamp.self, from: Data("1.5e3".utf8)).millisecondsSince1970 == 1500)
    }
}
