import CouncilKit
import Testing

@Suite("ManualClock sleeping", .timeLimit(.minutes(1)))
struct ClockTests {
    @Test("sleepers wake in order when the clock passes their time, never before")
    func wakesInOrder() async throws {
        let clock = ManualClock(Local.mondayNine)
        let woken = Woken()
        let tasks = [30, 10, 20].map { seconds in
            Task {
                try await clock.sleep(for: .seconds(seconds))
                await woken.append(seconds)
            }
        }
        await clock.waitForSleepers(3)
        clock.advance(seconds: 5)
        #expect(clock.sleeperCount == 3)
        clock.advance(seconds: 15)
        #expect(clock.sleeperCount == 1)
        clock.advance(seconds: 10)
        for task in tasks { try await task.value }
        #expect(Set(await woken.values) == [10, 20, 30])
        #expect(clock.sleeperCount == 0)
    }

    @Test("a cancelled sleeper throws and leaves the clock")
    func cancellation() async throws {
        let clock = ManualClock(Local.mondayNine)
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
        try await clock.sleep(for: .zero)
    }

    actor Woken {
        var values: [Int] = []
        func append(_ value: Int) { values.append(value) }
    }
}
