// Quick figures for the embedded store: durable submits one by one through CaseService on SQLiteCaseStore
// (synchronous=FULL, one transaction each), then find by community + status and Chinese text search among them.
//
//     swift run -c release council-store-bench [CASES]      (default 10000)

import CouncilKit
import CouncilSQLite
import Foundation

@main
struct StoreQuickBench {
    static func main() async throws {
        let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("council-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("council.sqlite").path

        let seed = try DirectorySeed.qiaoxiDemo()
        let store = try SQLiteCaseStore(path: path)
        let service = CaseService(store: store, directory: try seed.directory())
        let staff = Principal(system: "hall-staff")
        let communities = (1...44).map { String(format: "QX%02d", $0) }
        let titles = ["小区垃圾清运不及时", "楼下停车难", "夜间施工噪音扰民", "物业费收费标准不透明", "暖气不热", "路灯不亮"]
        let categories = ["environment", "parking", "noise", "property", "heating", "infrastructure"]

        let clock = ContinuousClock()
        var ids: [CaseID] = []
        ids.reserveCapacity(count)
        let submitTime = try await clock.measure {
            for i in 0..<count {
                let k = i % titles.count
                ids.append(
                    try await service.submit(
                        Submission(
                            title: titles[k], description: "第\(i)号反映：\(titles[k])，请尽快处理。", source: .walkIn,
                            community: communities[i % communities.count], category: categories[k]),
                        by: staff
                    ).case.id)
            }
        }
        let acceptTime = try await clock.measure {
            for id in ids.prefix(count / 2) { _ = try await service.accept(id, by: staff) }
        }

        func latencies(_ runs: Int, _ query: @escaping () -> CaseQuery) async throws -> (p50: Double, p99: Double, found: Int) {
            var samples: [Double] = []
            var found = 0
            for _ in 0..<runs {
                let q = query()
                let t = try await clock.measure { found = try await service.find(q).cases.count }
                samples.append(Double(t.components.attoseconds) / 1e15 + Double(t.components.seconds) * 1e3)
            }
            samples.sort()
            return (samples[runs / 2], samples[min(runs - 1, runs * 99 / 100)], found)
        }
        var n = 0
        let byCommunity = try await latencies(200) {
            n += 1
            return CaseQuery(community: communities[n % communities.count], statuses: [.submitted], limit: 50)
        }
        let byText = try await latencies(200) { CaseQuery(text: "垃圾", limit: 50) }
        try await store.close()  // checkpoints the WAL into the database file
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0

        func rate(_ n: Int, _ d: Duration) -> String {
            let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            return String(format: "%.2f s, %.0f/s, %.2f ms each", s, Double(n) / s, s * 1000 / Double(n))
        }
        print("SQLiteCaseStore, synchronous=FULL, one transaction per operation, \(count) cases")
        print("  submit \(count):            \(rate(count, submitTime))")
        print("  accept \(count / 2):             \(rate(count / 2, acceptTime))")
        print(String(format: "  find community+status:   p50 %.2f ms, p99 %.2f ms (%d rows a page)", byCommunity.p50, byCommunity.p99, byCommunity.found))
        print(String(format: "  text search 垃圾:          p50 %.2f ms, p99 %.2f ms (%d rows a page)", byText.p50, byText.p99, byText.found))
        print("  file size:               \(size / 1024) KiB, \(size / max(count, 1)) bytes per case")
    }
}
