import CouncilKit
import CouncilServer
import CouncilTestKit
import Logging
import Synchronization
import Testing

@Suite("the free-space monitor")
struct FreeSpaceMonitorTests {
    @Test("the free-space monitor warns once as the space falls below the threshold, and says when it is back")
    func freeSpace() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        let log = LogCapture()
        let free = Mutex<Int64>(5_000)
        let monitor = FreeSpaceMonitor(threshold: 1_000, interval: .seconds(60), clock: clock, logger: log.logger()) {
            free.withLock { $0 }
        }
        #expect(await monitor.check() == 5_000)
        #expect(log.lines.isEmpty)
        free.withLock { $0 = 900 }
        await monitor.check()
        await monitor.check()
        #expect(log.lines.count == 1, "once per crossing, not every check")
        #expect(log.lines.first.map { $0.hasPrefix("warning") && $0.contains("freeBytes=900") && $0.contains("thresholdBytes=1000") } == true)
        free.withLock { $0 = 2_000 }
        await monitor.check()
        #expect(log.lines.count == 2 && log.lines[1].hasPrefix("notice"))
        free.withLock { $0 = 10 }
        await monitor.check()
        #expect(log.lines.count == 3 && log.lines[2].hasPrefix("warning"), "a second crossing is a second warning")
    }

    @Test("the free-space monitor measures every interval of its clock")
    func freeSpacePeriodic() async throws {
        let clock = ManualClock(CouncilFixtures.monday)
        let measured = Mutex(0)
        let monitor = FreeSpaceMonitor(threshold: 1, interval: .seconds(60), clock: clock, logger: LogCapture().logger()) {
            measured.withLock { $0 += 1 }
            return 100
        }
        let running = Task { try await monitor.run() }
        await clock.waitForSleepers()
        #expect(measured.withLock { $0 } == 1, "at once")
        clock.advance(seconds: 60)
        await clock.waitForSleepers()
        #expect(measured.withLock { $0 } == 2)
        running.cancel()
        try await running.value
    }
}
