/// Delivers each notification through several notifiers in turn: a webhook and a log, text message and app.
///
/// Succeeds when every notifier succeeded. When any fails the whole delivery fails — retryable if any failure is
/// retryable, permanent if all are — and a retry goes through every notifier again; those that succeeded before see
/// the same id again, which the ``Notifier`` contract requires them to tolerate.
public struct MultiplexNotifier: Notifier {
    /// The notifiers, in delivery order.
    public let notifiers: [any Notifier]

    /// Creates a multiplex notifier.
    /// - Parameter notifiers: The notifiers, in delivery order.
    public init(_ notifiers: [any Notifier]) {
        self.notifiers = notifiers
    }

    public func deliver(_ notification: CaseNotification) async throws {
        var failures: [NotificationError] = []
        for notifier in notifiers {
            do {
                try await notifier.deliver(notification)
            } catch {
                try Task.checkCancellation()
                failures.append(error as? NotificationError ?? .retryable(loggableSummary(of: error)))
            }
        }
        guard !failures.isEmpty else { return }
        let message = failures.map(\.message).joined(separator: "; ")
        throw failures.allSatisfy(\.isPermanent) ? NotificationError.permanent(message) : NotificationError.retryable(message)
    }
}
