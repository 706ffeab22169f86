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
                // Class XX: the server found data or index corruption.
                let code: CouncilError.Code = state.hasPrefix("XX0") ? .dataCorrupted : .storageUnavailable
                return CouncilError(code, "could not \(action): PostgreSQL error SQLSTATE \(state)")
            }
            if error.code == .poolClosed { return CouncilError(.storageUnavailable, "the PostgreSQL store is closed") }
            return CouncilError(.storageUnavailable, "could not \(action): PostgreSQL client error \(error.code)")
        }
        if error is CancellationError { return CouncilError(.storageUnavailable, "could not \(action): cancelled") }
        return CouncilError(.storageUnavailable, "could not \(action)")
    }
}
