import CouncilKit
import CouncilSQLite
import Foundation

/// Durable submits on SQLite: through ``SQLiteCaseStore`` and ``CaseService``, and as plain sqlite3 inserts in C.
enum StorageBench {
    /// Submits through the service for `seconds` from `writers` concurrent tasks; returns submits per second.
    static func submits(
        path: String, writers: Int, seconds: Double, writesPerTransaction: Int = SQLiteCaseStore.Configuration().maximumWritesPerTransaction
    ) async throws -> Double {
        var configuration = SQLiteCaseStore.Configuration()
        configuration.maximumWritesPerTransaction = writesPerTransaction
        let store = try SQLiteCaseStore(path: path, configuration: configuration)
        let service = try Dataset.service(store: store)
        let office = Principal(system: "petition-office")
        let clock = ContinuousClock()
        let end = clock.now + .milliseconds(Int(seconds * 1000))
        let started = clock.now
        let tag = UUID().uuidString.prefix(8)
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var random = Xorshift(seed: UInt64(writer + 1) &* 0x2545_F491_4F6C_DD1D)
                    var count = 0
                    while clock.now < end {
                        let submission = Corpus.submission(random: &random, reference: "\(tag)-\(writer)-\(count)")
                        _ = try await service.submit(submission, by: office)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = clock.now - started
        try await store.close()
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The same rows as a submit through the store, inserted by `sqlite-insert-bound` in C; returns submits per second.
    static func bound(executable: String, folder: String, seconds: Double) async throws -> Double {
        let path = folder + "/bound.sqlite"
        // A store made by SQLiteCaseStore, so the schema is its own, with one real submit to copy the rows of.
        let store = try SQLiteCaseStore(path: path)
        var random = Xorshift(seed: 7)
        let submission = Corpus.submission(random: &random, reference: "bound-sample")
        _ = try await Dataset.service(store: store).submit(submission, by: Principal(system: "petition-office"))
        try await store.close()
        let sample = try Dataset.rowSample(path: path)
        try sample.state.write(to: URL(fileURLWithPath: folder + "/state.bin"))
        try sample.change.write(to: URL(fileURLWithPath: folder + "/change.bin"))
        let tokens = SearchText.tokens(SearchText.searchableText(of: submission)).joined(separator: " ")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [path, folder + "/state.bin", folder + "/change.bin", tokens, String(seconds)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let rate = output.split(separator: " ").last.flatMap({ Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw BenchError("sqlite-insert-bound failed: \(output)")
        }
        return rate
    }
}
