import CouncilKit
import Foundation
import GRDB

/// Online backup and restore of a SQLite store, with SQLite's backup API: a consistent copy taken while councild
/// keeps writing, checked before it is reported done.
public enum SQLiteBackup {
    /// What a checked copy holds.
    public struct Summary: Hashable, Sendable, CustomStringConvertible {
        /// How many cases it holds.
        public var cases: Int
        /// The highest event sequence number it holds: every event up to it, none after.
        public var latestSequence: Int64
        /// Its size in bytes.
        public var bytes: Int64

        public var description: String { "\(cases) cases, events up to sequence \(latestSequence), \(bytes) bytes" }
    }

    /// What a backup or a restore is doing, as it goes: for a progress line.
    public enum Step: Hashable, Sendable {
        /// The file at this path is being checked: a backup before it is restored, a copy once it is written.
        case checking(String)
        /// The copy of the file at this path begins.
        case copying(String)
        /// SQLite's backup API has copied `pages` of the source's `pageCount` pages.
        case copied(pages: Int, pageCount: Int)
    }

    /// The pages copied between two reports: 4 MiB at SQLite's default page size. The copy still reads one snapshot:
    /// the read transaction stays open across the steps.
    static let pagesPerStep: CInt = 1024

    /// Copies the store at `database` to a new file `destination`, consistently, while other connections and
    /// processes keep writing to it (the copy is one read transaction's snapshot: every write committed before the
    /// backup began is in it), then checks the copy.
    /// - Parameter progress: Told what is being done, as it goes: the copy and the pages copied so far, then the check.
    /// - Throws: ``CouncilError/Code/invalidArgument`` when `destination` exists;
    ///   ``CouncilError/Code/storageUnavailable`` when the store cannot be read or the copy written;
    ///   ``CouncilError/Code/dataCorrupted`` when the copy fails its check.
    public static func backup(database: String, to destination: String, progress: (Step) -> Void = { _ in }) throws -> Summary {
        try copy(from: database, to: destination, action: "back up the SQLite store", progress: progress)
    }

    /// Checks the backup at `backup` and copies it to a new store file `database`, for councild to open.
    /// - Parameter progress: Told what is being done, as it goes: the backup's check, the pages copied, the copy's check.
    /// - Throws: ``CouncilError/Code/invalidArgument`` when `database` exists (move it away first);
    ///   ``CouncilError/Code/dataCorrupted`` when the backup fails its check; ``CouncilError/Code/storageUnavailable``
    ///   when a file cannot be read or written.
    public static func restore(_ backup: String, to database: String, progress: (Step) -> Void = { _ in }) throws -> Summary {
        progress(.checking(backup))
        _ = try check(backup)
        return try copy(from: backup, to: database, action: "restore the SQLite store", progress: progress)
    }

    /// Checks a copy: SQLite's integrity check, then that the council's tables can be read.
    public static func check(_ path: String) throws -> Summary {
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard integrity == ["ok"] else {
                    throw CouncilError(.dataCorrupted, "\(path) fails SQLite's integrity check")
                }
                let cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
                let latest = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0
                let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
                return Summary(cases: cases, latestSequence: latest, bytes: bytes)
            }
        } catch let error as CouncilError {
            throw error
        } catch {
            throw CouncilError(.dataCorrupted, "\(path) is not a readable council store")
        }
    }

    private static func copy(from source: String, to destination: String, action: String, progress: (Step) -> Void) throws -> Summary {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw CouncilError.invalid("destination", "\(destination) exists; choose a new file or move it away first")
        }
        guard FileManager.default.fileExists(atPath: source) else {
            throw CouncilError(.storageUnavailable, "could not \(action): \(source) does not exist")
        }
        do {
            var readOnly = GRDB.Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(10)
            let from = try DatabasePool(path: source, configuration: readOnly)
            let to = try DatabaseQueue(path: destination)
            progress(.copying(source))
            // A pool's read is a transaction, open across every step: one snapshot, whatever is committed meanwhile.
            try withoutActuallyEscaping(progress) { progress in
                try from.backup(to: to, pagesPerStep: pagesPerStep) { step in
                    progress(.copied(pages: step.completedPageCount, pageCount: step.totalPageCount))
                }
            }
            try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try to.close()
            try from.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw CouncilError(.storageUnavailable, "could not \(action) to \(destination)")
        }
        progress(.checking(destination))
        do {
            return try check(destination)
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
    }
}
