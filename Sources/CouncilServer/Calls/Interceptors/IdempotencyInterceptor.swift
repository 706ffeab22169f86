import CouncilAPI
import CouncilKit

/// Answers a retry of a write with the first result instead of doing it twice, for methods marked idempotent in the
/// schema (``MethodDescriptor/idempotent``) when the call's metadata carries an idempotency key.
///
/// The key is remembered with the caller's system, the method and the case the write produced, for
/// ``lifetimeMilliseconds``; a retry with the same key within that time is answered with the case as it stands then.
/// The same key used for another method is refused.
public struct IdempotencyInterceptor: ServerInterceptor {
    /// How long keys are remembered: 24 hours.
    public static let lifetimeMilliseconds: Int64 = 24 * 3600 * 1000

    private let store: any RecordStore
    private let clock: any CouncilClock
    private let view: @Sendable (CaseID, CallContext) async throws -> CaseView

    /// Creates the interceptor.
    /// - Parameters:
    ///   - store: Where keys are remembered.
    ///   - clock: The server's clock.
    ///   - view: The case as the caller is answered with it.
    public init(
        store: any RecordStore, clock: any CouncilClock, view: @escaping @Sendable (CaseID, CallContext) async throws -> CaseView
    ) {
        self.store = store
        self.clock = clock
        self.view = view
    }

    public func intercept<Request: Sendable, Output: Sendable>(
        _ request: Request, context: CallContext, next: (Request, CallContext) async throws -> Output
    ) async throws -> Output {
        guard context.method.idempotent, let key = context.metadata.idempotencyKey, !key.isEmpty,
            let result = Output.self as? any CaseResult.Type
        else { return try await next(request, context) }
        let id = "\(context.caller.principal.system)\n\(key)"
        let now = clock.now()
        if let earlier = try await store.fetch(IdempotencyRecord.self, id: id)?.record,
            now.millisecondsSince1970 - earlier.at.millisecondsSince1970 < Self.lifetimeMilliseconds
        {
            guard earlier.method == context.method.number else {
                throw CouncilError.invalid(
                    "metadata.idempotencyKey", "this idempotency key was used for another operation; use a new key per operation")
            }
            guard let caseID = CaseID(earlier.caseID) else { throw CouncilError(.dataCorrupted, "a stored idempotency record is malformed") }
            return result.repeated(try await view(caseID, context)) as! Output
        }
        let output = try await next(request, context)
        guard let written = output as? any CaseResult else { return output }
        let record = IdempotencyRecord(id: id, method: context.method.number, caseID: written.caseID.rawValue, at: now)
        do {
            let existing = try await store.fetch(IdempotencyRecord.self, id: id)
            try await store.save(record, expectedVersion: existing?.version ?? 0)
        } catch let error as CouncilError where error.code == .versionConflict {
            // A concurrent retry with the same key recorded it first; either record answers later retries.
        }
        return output
    }
}

/// A write done under an idempotency key: which method, which case, when.
struct IdempotencyRecord: CouncilRecord {
    static let recordKind = "idempotencyKey"

    var id: String
    var method: Int
    var caseID: String
    var at: Timestamp

    var recordID: String { id }
    var recordCommunity: String? { nil }
    var recordDate: Timestamp? { at }
}
