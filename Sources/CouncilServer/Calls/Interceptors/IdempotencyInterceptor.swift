import CouncilAPI
import CouncilKit
import CouncilWire
import Crypto
import Foundation

/// Answers a retry of a write with the first result instead of doing it twice, for methods marked idempotent in the
/// schema (``MethodDescriptor/idempotent``) when the call's metadata carries an idempotency key.
///
/// A key is bound to what it was first used for: the caller's system, the method, and a fingerprint of the request
/// (its case, every field, and the acting person). The binding is saved in the same transaction as the write it
/// protects (``CaseService/withRecords(_:_:)``), so a key is never remembered for a write that did not happen, and
/// a committed write always has its key. Within ``lifetimeMilliseconds`` of that write:
///
/// * the same call again is answered with the case as it stands then, and nothing is done twice;
/// * the key with another method, another case, other content or another acting person is refused with
///   INVALID_ARGUMENT, reason `idempotencyKeyReused`, field `metadata.idempotency_key`, and nothing is done.
///
/// After the lifetime the key is free again. A call that wrote nothing (a submission answered with the case already
/// registered under its external reference) binds no key.
public struct IdempotencyInterceptor: ServerInterceptor {
    /// How long keys are remembered: 24 hours.
    public static let lifetimeMilliseconds: Int64 = 24 * 3600 * 1000
    /// The status reason of a key reused for another call.
    public static let reusedReason = "idempotencyKeyReused"

    private let store: any RecordStore
    private let clock: any CouncilClock
    private let view: @Sendable (CaseID, CallContext) async throws -> CaseView

    /// Creates the interceptor.
    /// - Parameters:
    ///   - store: Where keys are remembered: the store the writes go to, so both share a transaction.
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
        let method = context.method
        let fingerprint = try Self.fingerprint(of: context)
        let now = clock.now()
        var expectedVersion = 0
        if let earlier = try await store.fetch(IdempotencyRecord.self, id: id) {
            if now.millisecondsSince1970 - earlier.record.at.millisecondsSince1970 < Self.lifetimeMilliseconds {
                return try await answer(earlier.record, method, fingerprint, result, context) as! Output
            }
            expectedVersion = earlier.version
        }
        let previous = expectedVersion
        do {
            let (output, _) = try await CaseService.withRecords({ written in
                let record = IdempotencyRecord(
                    id: id, method: method.number, fingerprint: fingerprint, caseID: written.id.rawValue, at: now)
                return [try RecordWrite(record, expectedVersion: previous)]
            }) {
                try await next(request, context)
            }
            return output
        } catch {
            // A concurrent call under the same key may have written first, failing this one: answer as a retry.
            guard let earlier = try? await store.fetch(IdempotencyRecord.self, id: id), earlier.version > expectedVersion else {
                throw error
            }
            return try await answer(earlier.record, method, fingerprint, result, context) as! Output
        }
    }

    /// The answer to a call whose key is bound: the case as it stands, or a refusal when the call is another.
    private func answer(
        _ earlier: IdempotencyRecord, _ method: MethodDescriptor, _ fingerprint: String, _ result: any CaseResult.Type,
        _ context: CallContext
    ) async throws -> any CaseResult {
        guard earlier.method == method.number else {
            let first = Methods.all.first { $0.number == earlier.method }?.field ?? "method \(earlier.method)"
            throw Self.reused("this idempotency key was used for \(first), not \(method.field); use a new key per operation")
        }
        guard earlier.fingerprint == fingerprint else {
            // A record from before keys were bound to requests (no fingerprint) cannot tell a retry: refuse.
            throw Self.reused(
                "this idempotency key was used for a \(method.field) call with another case, other content or another acting user; use a new key per operation")
        }
        guard let caseID = CaseID(earlier.caseID) else { throw CouncilError(.dataCorrupted, "a stored idempotency record is malformed") }
        return result.repeated(try await view(caseID, context))
    }

    private static func reused(_ message: String) -> CallStatus {
        CallStatus(.invalidArgument, message, field: "metadata.idempotency_key", reason: reusedReason)
    }

    /// SHA-256 of the request as the wire encodes it, with the acting person: equal for a retry, different for
    /// any other case, content or person.
    static func fingerprint(of context: CallContext) throws -> String {
        var hash = SHA256()
        hash.update(data: try WireCodec().encode(.call(WireCall(callID: 1, request: context.request))))
        hash.update(data: Array("\n\(context.caller.principal.user ?? "")".utf8))
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// A write done under an idempotency key: which method, what request, which case, when.
struct IdempotencyRecord: CouncilRecord {
    static let recordKind = "idempotencyKey"

    var id: String
    var method: Int
    /// ``IdempotencyInterceptor/fingerprint(of:)`` of the first call; absent in records written before keys were
    /// bound to their requests, which then refuse every call until they expire.
    var fingerprint: String?
    var caseID: String
    var at: Timestamp

    var recordID: String { id }
    var recordCommunity: String? { nil }
    var recordDate: Timestamp? { at }
}
