// What an operator does with notifications the courier gave up on: list them, deliver them again, set them aside.

extension NotificationCourier {
    /// The dead letters, oldest first.
    ///
    /// - Parameters:
    ///   - channel: Only this channel's; `nil` for every channel.
    ///   - community: Only this community's; `nil` for every community.
    ///   - states: Only letters in these states; pending ones by default.
    /// - Throws: ``CouncilError/Code/storageUnavailable`` when the store cannot be read.
    public func deadLetters(
        channel: String? = nil, community: String? = nil, states: Set<DeadLetter.State> = [.pending]
    ) async throws -> [DeadLetter] {
        try await store.all(DeadLetter.self, community: community)
            .map(\.record)
            .filter { (channel == nil || $0.channel == channel) && states.contains($0.state) }
    }

    /// Delivers a dead letter again, once, through its channel.
    ///
    /// The notification is rendered again from its event and the case as it stood then, with the same id, so a
    /// receiver that saw an earlier attempt recognises it. On success the letter becomes
    /// ``DeadLetter/State/replayed``; on failure it stays pending with the attempt counted and the error recorded.
    /// - Parameter id: The dead letter's id (the notification's id).
    /// - Returns: The dead letter after the replay.
    /// - Throws: ``CouncilError``: `notFound` for an unknown id; `failedPrecondition` when the letter is not pending,
    ///   its channel has no notifier any more, or the routing no longer sends it; `versionConflict` when someone
    ///   else changed the letter meanwhile. ``NotificationError`` when delivery failed again.
    @discardableResult
    public func replay(_ id: String) async throws -> DeadLetter {
        let (letter, version) = try await pendingLetter(id)
        guard let notifier = notifiers[letter.channel] else {
            throw CouncilError(.failedPrecondition, "no notifier is registered as \"\(letter.channel)\" any more")
        }
        guard let event = try await store.events(after: letter.sequence - 1, limit: 1).first, event.sequence == letter.sequence,
            let state = try await state(after: event)
        else {
            throw CouncilError(.dataCorrupted, "the event of dead letter \(id) cannot be read")
        }
        guard var notification = try await notifications(for: event, of: state, channel: letter.channel, router: router)
            .first(where: { $0.id == id })
        else {
            throw CouncilError(.failedPrecondition, "the routing no longer sends dead letter \(id)")
        }
        notification.attempt = letter.attempts + 1
        var updated = letter
        updated.attempts += 1
        updated.updatedAt = clockNow()
        do {
            try await notifier.deliver(notification)
        } catch {
            let failure = error as? NotificationError ?? .retryable(loggableSummary(of: error))
            updated.lastError = failure.description
            updated.permanent = failure.isPermanent
            try await store.save(updated, expectedVersion: version)
            throw failure
        }
        updated.state = .replayed
        try await store.save(updated, expectedVersion: version)
        return updated
    }

    /// Sets a dead letter aside without delivering it.
    /// - Parameters:
    ///   - id: The dead letter's id.
    ///   - note: Why, for the record.
    /// - Returns: The dead letter, now ``DeadLetter/State/discarded``.
    /// - Throws: ``CouncilError``: `invalidArgument` for a note that is blank or longer than 1,000 characters,
    ///   `notFound`, `failedPrecondition` when it is not pending, `versionConflict`.
    @discardableResult
    public func discard(_ id: String, note: String? = nil) async throws -> DeadLetter {
        if let note { try Validate.text(note, "note", TextLimits.note) }
        let (letter, version) = try await pendingLetter(id)
        var updated = letter
        updated.state = .discarded
        updated.note = note
        updated.updatedAt = clockNow()
        try await store.save(updated, expectedVersion: version)
        return updated
    }

    private func pendingLetter(_ id: String) async throws -> (DeadLetter, Int) {
        guard let stored = try await store.fetch(DeadLetter.self, id: id) else {
            throw CouncilError.notFound("no dead letter \(id)")
        }
        guard stored.record.state == .pending else {
            throw CouncilError(.failedPrecondition, "dead letter \(id) is \(stored.record.state.rawValue) already")
        }
        return (stored.record, stored.version)
    }
}
