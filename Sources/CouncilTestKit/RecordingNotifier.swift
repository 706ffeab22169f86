import CouncilKit
import Foundation

/// A notifier for tests: records every attempt, succeeds or fails as a script says, and reports each attempt on a
/// stream so a test can wait for it instead of sleeping.
public final class RecordingNotifier: Notifier, @unchecked Sendable {
    /// One call of ``deliver(_:)`` and how it ended.
    public struct Attempt: Sendable {
        /// The notification as delivered, with its attempt number.
        public var notification: CaseNotification
        /// `nil` when delivered; the error thrown otherwise.
        public var error: NotificationError?
    }

    /// Decides each attempt: return to deliver, throw to fail. Receives the notification and how many
    /// notifications were delivered before it. May suspend, for example until the task is cancelled.
    public typealias Behaviour = @Sendable (_ notification: CaseNotification, _ deliveredBefore: Int) async throws -> Void

    private let lock = NSLock()
    private var behaviour: Behaviour
    private var recordedAttempts: [Attempt] = []
    private var recordedDeliveries: [CaseNotification] = []
    private let continuation: AsyncStream<Attempt>.Continuation

    /// Every attempt as it ends, in order.
    public let attemptStream: AsyncStream<Attempt>

    /// Creates a notifier that delivers everything, or behaves as `behaviour` says.
    public init(_ behaviour: @escaping Behaviour = { _, _ in }) {
        self.behaviour = behaviour
        (attemptStream, continuation) = AsyncStream.makeStream(of: Attempt.self)
    }

    /// Replaces the behaviour for the attempts that follow.
    public func behave(_ behaviour: @escaping Behaviour) {
        lock.withLock { self.behaviour = behaviour }
    }

    /// The notifications delivered, in order.
    public var deliveries: [CaseNotification] { lock.withLock { recordedDeliveries } }

    /// Every attempt, in order.
    public var attempts: [Attempt] { lock.withLock { recordedAttempts } }

    /// Waits for the next `count` attempts to end and returns them.
    public func nextAttempts(_ count: Int) async -> [Attempt] {
        var result: [Attempt] = []
        var iterator = attemptStream.makeAsyncIterator()
        while result.count < count, let attempt = await iterator.next() { result.append(attempt) }
        return result
    }

    public func deliver(_ notification: CaseNotification) async throws {
        let (behaviour, before) = lock.withLock { (self.behaviour, recordedDeliveries.count) }
        do {
            try await behaviour(notification, before)
        } catch {
            let failure = error as? NotificationError ?? .retryable("\(type(of: error))")
            record(Attempt(notification: notification, error: failure), delivered: false)
            throw error
        }
        record(Attempt(notification: notification, error: nil), delivered: true)
    }

    private func record(_ attempt: Attempt, delivered: Bool) {
        lock.withLock {
            recordedAttempts.append(attempt)
            if delivered { recordedDeliveries.append(attempt.notification) }
        }
        continuation.yield(attempt)
    }
}
