import Synchronization

/// Wakes one waiting task early: `ring()` from anywhere, `wait(upTo:)` in the one task that sleeps.
///
/// A ring with nobody waiting is remembered, so the next wait returns at once; many rings collapse into one.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
        var generation = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next one.
    func ring() {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.rung = true
            return nil
        }?.resume()
    }

    /// Wakes the waiter of one particular wait only (a timer that fired late must not wake a later wait).
    private func timeout(_ generation: Int) {
        state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return waiter
        }?.resume()
    }

    /// Returns when rung, after `duration`, or when the task is cancelled.
    func wait(upTo duration: Duration) async {
        let generation: Int? = state.withLock { state in
            if state.rung {
                state.rung = false
                return nil
            }
            state.generation += 1
            return state.generation
        }
        guard let generation else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: duration)
                self.timeout(generation)
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.rung {
                            state.rung = false
                            return true
                        }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                self.timeout(generation)
            }
            group.cancelAll()
        }
    }
}
