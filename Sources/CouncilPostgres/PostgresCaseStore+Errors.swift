import CouncilKit
import PostgresNIO

extension PostgresCaseStore {
    /// Turns a driver error into a ``CouncilError`` that is safe to show and log.
    ///
    /// `PSQLError` keeps the query and its binds; only its code and the server's SQLSTATE are read here.
    static func storageError(_ error: any Error, _ action: String) -> CouncilError {
        if let error = error as? CouncilError { return error }
        if error is PostgresDecodingError {
            return CouncilError(.dataCorrupted, "could not \(action): a stored value could not be read back from PostgreSQL")
        }
        if let error = error as? PSQLError {
            if error.code == .server, let state = error.serverInfo?[.sqlState] {
                let code = errorCode(sqlState: state)
                if code == .storageFull { return .storageFull }
                return CouncilError(code, "could not \(action): PostgreSQL error SQLSTATE \(state)")
            }
            if error.code == .poolClosed { return CouncilError(.storageUnavailable, "the PostgreSQL store is closed") }
            return CouncilError(.storageUnavailable, "could not \(action): PostgreSQL client error \(error.code)")
        }
        if error is CancellationError { return CouncilError(.storageUnavailable, "could not \(action): cancelled") }
        return CouncilError(.storageUnavailable, "could not \(action)")
    }

    /// The CouncilKit code of a server error by its SQLSTATE.
    ///
    /// * `53100` disk_full: ``CouncilError/Code/storageFull``, told in plain words (``CouncilError/storageFull``).
    /// * The rest of class 53, insufficient resources — `53000`, `53200` out of memory, `53300` too many connections,
    ///   `53400` a configuration limit — pass with time or another connection and say nothing of the disk:
    ///   ``CouncilError/Code/storageUnavailable``, as every other failure the caller may retry.
    /// * Class XX, internal errors (`XX001` data corrupted, `XX002` index corrupted): ``CouncilError/Code/dataCorrupted``.
    static func errorCode(sqlState state: String) -> CouncilError.Code {
        if state == "53100" { return .storageFull }
        if state.hasPrefix("XX0") { return .dataCorrupted }
        return .storageUnavailable
    }
}
