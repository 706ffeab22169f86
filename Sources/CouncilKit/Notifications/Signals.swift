import Foundation

/// How far each channel has got, and the tasks waiting for them to get somewhere.
final class ProgressBoard: @unchecked Sendable {
    private struct Waiter {
        var id: UInt64
        var sequence: Int64
        var continuation: CheckedContinuation<Void, Never>
    }

    private let lock = NSLock()
    private var positions: [String: Int64]
    private var waiters: [Waiter] = []
    private var nextID: UInt64 = 0

    init(channels: some Sequence<String>) {
        positions = Dictionary(uniqueKeysWithValues: channels.map { ($0, -1) })
    }

    func update(_ channel: String, to sequence: Int64) {
        let ready = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            positions[channel] = max(positions[channel] ?? -1, sequence)
            let low = positions.values.min() ?? Int64.max
            let ready = waiters.filter { $0.sequence <= low }
            waiters.removeAll { $0.sequence <= low }
            return ready.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Returns when every channel has handled `sequence`, or when cancelled.
    func wait(through sequence: Int64) async {
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = lock.withLock { () -> Bool in
                    if Task.isCancelled || (positions.values.min() ?? Int64.max) >= sequence { return true }
                    waiters.append(Waiter(id: id, sequence: sequence, continuation: continuation))
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
                guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return waiters.remove(at: index).continuation
            }
            waiting?.resume()
        }
    }
}
