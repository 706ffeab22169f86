import CouncilKit
import CouncilTestKit
import Logging
import Testing

@testable import CouncilServer

@Suite("the live event feed")
struct EventFeedTests {
    private static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("a subscriber whose backlog read comes before the feed starts still gets every later event", .timeLimit(.minutes(1)))
    func subscriberBeforeTheFeedStarts() async throws {
        let store = InMemoryCaseStore()
        let clock = ManualClock(CouncilFixtures.monday)
        let service = try CouncilFixtures.service(on: store, clock: clock)
        let feed = EventFeed(store: store, clock: clock, logger: Self.quiet)
        let subscription = try await feed.subscribe()
        #expect(try await store.events(after: 0, limit: 10).isEmpty, "the subscriber's backlog: nothing yet")
        // Committed after the backlog read and before the feed runs: only the stream can bring it.
        let submitted = try await service.submit(CouncilFixtures.walkIn(), by: CouncilFixtures.staff).case
        let running = Task { try await feed.run() }
        await clock.waitForTimers(dueBy: CouncilFixtures.monday.adding(seconds: 1))  // it heard nothing: its poll
        clock.advance(seconds: 1)
        var events = subscription.events.makeAsyncIterator()
        let batch = try #require(await events.next())
        #expect(batch.map(\.caseID) == [submitted.id])
        running.cancel()
        try await running.value
    }
}
