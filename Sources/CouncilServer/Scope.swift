/// What a client system's key allows.
public enum Scope: String, CaseIterable, Hashable, Sendable, Codable {
    /// Register cases (submit).
    case submit
    /// Read cases, their history, the changes feed and the watch stream; read the directory.
    case read
    /// Move cases through the loop (every case operation except submit).
    case manage
    /// See submitters' personal data unmasked.
    case personalData
    /// Change the directory.
    case directory
}
