import CouncilKit
import Synchronization
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

    @Test("a system-clock timer runs its action once, and a cancelled one lets its action go without running it", .timeLimit(.minutes(1)))
    func systemTimer() async throws {
        final class Probe: Sendable {}
        weak var released: Probe?
        let cancelled: ScheduledTimer = {
            let probe = Probe()
            released = probe
            return SystemClock().schedule(after: .seconds(3600)) { _ = probe; Issue.record("a cancelled timer ran") }
        }()
        #expect(released != nil, "held while the timer is set")
        cancelled.cancel()
        #expect(released == nil, "let go at cancel, not an hour later")

        let ran = Mutex(0)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            _ = SystemClock().schedule(after: .milliseconds(1)) {
                ran.withLock { $0 += 1 }
                done.resume()
            }
        }
        #expect(ran.withLock { $0 } == 1)
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
