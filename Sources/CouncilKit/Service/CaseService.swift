/// Drives cases around the five-step loop: the one place transitions are checked and events are made.
///
/// Every operation validates its input, loads the case, checks the transition against the case's state, derives
/// the event and the new state and hands both to the ``CaseStore`` in one append. An operation either changes the
/// case completely or not at all.
///
/// ```swift
/// let service = CaseService(store: InMemoryCaseStore(), directory: try DirectorySeed.qiaoxiDemo().directory())
/// let staff = Principal(system: "hall-staff", user: "staff-01")
/// let submitted = try await service.submit(Submission(title: "小区垃圾清运不及时", description: "…",
///                                                   source: .walkIn, community: "QX01"), by: staff)
/// let accepted = try await service.accept(submitted.case.id, category: "environment", by: staff)
/// ```
///
/// Pass `expectedVersion` to make an operation conditional on the version you last read (a stale version throws
/// ``CouncilError/Code/versionConflict``). Without it the service retries a bounded number of times when a
/// concurrent writer got there first, checking the transition again against the newer state each time.
public struct CaseService: Sendable {
    /// Rules and limits that shape every case.
    public struct Configuration: Sendable {
        /// The time-limit table. Defaults to ``TimeLimitPolicy/standard``.
        public var policy: TimeLimitPolicy
        /// The working-day calendar. Defaults to weekends only, UTC+8.
        public var calendar: WorkCalendar
        /// How many times an operation without an expected version is tried when writers race. Defaults to 16.
        public var maximumAttempts: Int

        /// Creates the default configuration.
        public init() {
            self.policy = .standard
            self.calendar = WorkCalendar()
            self.maximumAttempts = 16
        }

        /// Creates a configuration.
        public init(policy: TimeLimitPolicy, calendar: WorkCalendar, maximumAttempts: Int = 16) {
            self.policy = policy
            self.calendar = calendar
            self.maximumAttempts = maximumAttempts
        }
    }

    /// What ``submit(_:by:)`` returns.
    public struct SubmitResult: Hashable, Sendable {
        /// The case.
        public var `case`: CouncilCase
        /// `false` when the submission repeated an earlier one with the same external reference and content.
        public var created: Bool
    }

    /// Where cases are kept.
    public let store: any CaseStore
    /// The places, units, people and categories cases refer to.
    public let directory: Directory
    /// Rules and limits.
    public let configuration: Configuration
    /// The source of the current time.
    public let clock: any CouncilClock

    /// Creates a service.
    /// - Parameters:
    ///   - store: Where cases are kept.
    ///   - directory: The directory cases refer to.
    ///   - configuration: Policy and calendar.
    ///   - clock: The source of the current time; inject a ``ManualClock`` in tests.
    public init(
        store: any CaseStore, directory: Directory, configuration: Configuration = Configuration(),
        clock: any CouncilClock = SystemClock()
    ) {
        self.store = store
        self.directory = directory
        self.configuration = configuration
        self.clock = clock
    }

    var policy: TimeLimitPolicy { configuration.policy }
    var calendar: WorkCalendar { configuration.calendar }

    /// Loads a case, lets `decide` turn it into a change, checks the transition and appends the event.
    func perform(
        _ operation: CaseOperation, on id: CaseID, by principal: Principal, expectedVersion: Int?,
        _ decide: (CouncilCase, Timestamp) async throws -> CaseChange
    ) async throws -> CouncilCase {
        let changed = try await performIfNeeded(on: id, by: principal, expectedVersion: expectedVersion) { current, now in
            try current.check(operation, at: now)
            return try await decide(current, now)
        }
        guard let changed else { preconditionFailure("an operation always decides on a change") }
        return changed
    }

    /// Loads a case and lets `decide` check it and choose a change, or `nil` for none; appends the event.
    ///
    /// Retries from a fresh read when a concurrent writer got there first and no `expectedVersion` was given, so
    /// `decide` sees the newest state each time.
    /// - Returns: The case after the change, or `nil` when `decide` chose none and nothing was written.
    func performIfNeeded(
        on id: CaseID, by principal: Principal, expectedVersion: Int?,
        _ decide: (CouncilCase, Timestamp) async throws -> CaseChange?
    ) async throws -> CouncilCase? {
        try Validate.principal(principal)
        var attempt = 0
        var conflict: (version: Int, error: CouncilError)?
        while true {
            attempt += 1
            guard let current = try await store.fetch(id) else { throw CouncilError.notFound("no case with id \(id)") }
            // The case did not move: what conflicted was a record written with it (``withRecords(_:_:)``).
            if let conflict, conflict.version == current.version { throw conflict.error }
            if let expectedVersion, expectedVersion != current.version {
                throw CouncilError(
                    .versionConflict,
                    "case \(current.number) is at version \(current.version), not \(expectedVersion); read it again")
            }
            let now = clock.now()
            guard let change = try await decide(current, now) else { return nil }
            let next = current.applying(change, at: now)
            let event = PendingEvent(caseID: id, version: next.version, occurredAt: now, principal: principal, change: change)
            let pending = PendingRecords.current
            do {
                _ = try await store.append(
                    CaseUpdate(
                        caseID: id, expectedVersion: current.version, events: [event], state: next,
                        records: try pending?.records(for: next) ?? []))
                pending?.markWritten()
                return next
            } catch let error as CouncilError
                where error.code == .versionConflict && expectedVersion == nil && attempt < configuration.maximumAttempts
            {
                conflict = (current.version, error)
                continue
            }
        }
    }
}
