/// What to look for with ``CaseStore/find(_:)``: every filter set must match; unset filters match everything.
///
/// Results come in a stable order — by registration time, then id — newest first unless ``order`` says otherwise.
/// Pass the page's ``CasePage/nextCursor`` as ``cursor`` to continue; cases registered meanwhile never shift a
/// newest-first listing that has started.
public struct CaseQuery: Hashable, Sendable {
    /// The order of results.
    public enum Order: String, Hashable, Sendable, CaseIterable {
        /// Most recently registered first.
        case newestFirst
        /// Earliest registered first.
        case oldestFirst
    }

    /// Only cases of this community.
    public var community: String?
    /// Only cases in one of these statuses; empty for any.
    public var statuses: Set<CaseStatus>
    /// Only cases in this loop step.
    public var step: LoopStep?
    /// Only cases of this category.
    public var category: String?
    /// Only cases from this source.
    public var source: CaseSource?
    /// Only cases with this responsible unit.
    public var unit: String?
    /// Only cases whose running clock (``CouncilCase/currentDue``) ends before this instant. With the current
    /// time, this lists the overdue cases.
    public var dueBefore: Timestamp?
    /// Only cases registered at or after this instant.
    public var createdFrom: Timestamp?
    /// Only cases registered before this instant.
    public var createdBefore: Timestamp?
    /// Only cases whose title or description matches this text; see ``SearchText`` for the matching rule. Emoji,
    /// symbols and punctuation are not searched: a text made only of them is refused.
    public var text: String?
    /// Only duplicates merged into this master case.
    public var master: CaseID?
    /// The order.
    public var order: Order
    /// The most cases a page holds, 1–500.
    public var limit: Int
    /// Where the previous page ended.
    public var cursor: String?

    /// Creates a query that matches every case.
    public init(
        community: String? = nil, statuses: Set<CaseStatus> = [], step: LoopStep? = nil, category: String? = nil,
        source: CaseSource? = nil, unit: String? = nil, dueBefore: Timestamp? = nil, createdFrom: Timestamp? = nil,
        createdBefore: Timestamp? = nil, text: String? = nil, master: CaseID? = nil, order: Order = .newestFirst,
        limit: Int = 50, cursor: String? = nil
    ) {
        self.community = community
        self.statuses = statuses
        self.step = step
        self.category = category
        self.source = source
        self.unit = unit
        self.dueBefore = dueBefore
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.text = text
        self.master = master
        self.order = order
        self.limit = limit
        self.cursor = cursor
    }

    /// The largest page a store returns.
    public static let maximumLimit = 500

    /// The statuses the query admits once ``statuses`` and ``step`` are combined; `nil` when any status will do.
    public var admittedStatuses: Set<CaseStatus>? {
        var admitted: Set<CaseStatus>? = statuses.isEmpty ? nil : statuses
        if let step {
            let inStep = Set(CaseStatus.allCases.filter { $0.step == step })
            admitted = admitted.map { $0.intersection(inStep) } ?? inStep
        }
        return admitted
    }

    /// Whether `state` passes every filter except ``text`` and the cursor.
    public func admits(_ state: CouncilCase) -> Bool {
        if let community, state.community != community { return false }
        if let admitted = admittedStatuses, !admitted.contains(state.status) { return false }
        if let category, state.category != category { return false }
        if let source, state.submission.source != source { return false }
        if let unit, state.responsibleUnit != unit { return false }
        if let dueBefore {
            guard let due = state.currentDue, due < dueBefore else { return false }
        }
        if let createdFrom, state.createdAt < createdFrom { return false }
        if let createdBefore, state.createdAt >= createdBefore { return false }
        if let master, state.master != master { return false }
        return true
    }

    /// Checks the limit and text.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming the field.
    public func validate() throws {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw CouncilError.invalid("query.limit", "limit must be between 1 and \(Self.maximumLimit), not \(limit)")
        }
        if let text, SearchText.tokens(text).isEmpty {
            throw CouncilError.invalid("query.text", "the search text has no letters, digits or Chinese characters; search ignores emoji, symbols and punctuation")
        }
    }
}

/// A position in a ``CaseQuery`` listing: the registration time and id of the last case returned.
///
/// Encoded as opaque text for callers; stores use ``CaseCursor/init(_:)`` to read it back.
public struct CaseCursor: Hashable, Sendable, CustomStringConvertible {
    /// The last case's registration time.
    public var createdAt: Timestamp
    /// The last case's id.
    public var id: CaseID

    /// A cursor after `state`.
    public init(after state: CouncilCase) {
        self.createdAt = state.createdAt
        self.id = state.id
    }

    /// Reads a cursor from its text.
    /// - Throws: ``CouncilError/Code/invalidArgument`` for text no store issued.
    public init(_ text: String) throws {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let ms = Int64(parts[0]), let id = CaseID(String(parts[1])) else {
            throw CouncilError.invalid("query.cursor", "the cursor is not one this service issued")
        }
        self.createdAt = Timestamp(millisecondsSince1970: ms)
        self.id = id
    }

    /// The opaque text form.
    public var description: String { "\(createdAt.millisecondsSince1970).\(id.rawValue)" }

    /// Whether `state` comes after this cursor in `order`.
    public func precedes(_ state: CouncilCase, in order: CaseQuery.Order) -> Bool {
        switch order {
        case .newestFirst: return (state.createdAt, state.id) < (createdAt, id)
        case .oldestFirst: return (state.createdAt, state.id) > (createdAt, id)
        }
    }
}

/// One page of a ``CaseQuery`` listing.
public struct CasePage: Hashable, Sendable {
    /// The cases, in the query's order.
    public var cases: [CouncilCase]
    /// Pass as ``CaseQuery/cursor`` for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(cases: [CouncilCase], nextCursor: String?) {
        self.cases = cases
        self.nextCursor = nextCursor
    }
}
