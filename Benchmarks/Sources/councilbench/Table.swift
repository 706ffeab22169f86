import Foundation
import Histogram

/// The one table `councilbench run` prints: our figure, the peer's, the ratio, and the target where there is one.
struct Table {
    var header: [String] = []
    var rows: [[String]] = []
    var notes: [String] = []

    /// Ours against a peer; the ratio is ours ÷ theirs.
    mutating func row(
        _ name: String, _ ours: Double, _ peer: String, _ theirs: Double, decimals: Int = 0, target: String = "",
        atLeast: Double? = nil, atMost: Double? = nil, met: Bool? = nil
    ) {
        let ratio = theirs > 0 ? ours / theirs : .nan
        var verdict = ""
        if let atLeast { verdict = ratio >= atLeast ? "met" : "MISSED" }
        if let atMost { verdict = ratio <= atMost ? "met" : "MISSED" }
        if let met { verdict = met ? "met" : "MISSED" }
        rows.append([
            name, Self.number(ours, decimals), "\(peer) \(Self.number(theirs, decimals))", ratio.isNaN ? "" : String(format: "%.2f", ratio),
            target.isEmpty ? "" : "\(target) \(verdict)",
        ])
    }

    /// Latency percentiles of ours and a peer's.
    mutating func latency(_ name: String, _ ours: Histogram<UInt64>, _ peer: String, _ theirs: Histogram<UInt64>) {
        func triple(_ h: Histogram<UInt64>) -> String {
            [50.0, 99, 99.9].map { String(format: "%.2f", Run.ms(h, $0)) }.joined(separator: "/")
        }
        let ratio = Run.ms(theirs, 50) > 0 ? Run.ms(ours, 50) / Run.ms(theirs, 50) : .nan
        rows.append([name, triple(ours), "\(peer) \(triple(theirs))", String(format: "%.2f", ratio), ""])
    }

    /// A figure with no peer.
    mutating func single(_ name: String, _ value: Double?, text: String? = nil, target: String = "", met: Bool? = nil) {
        let shown = text ?? value.map { Self.number($0, $0 < 100 ? 2 : 0) } ?? ""
        rows.append([name, shown, "", "", target.isEmpty ? "" : "\(target) \(met == true ? "met" : "MISSED")"])
    }

    func render() -> String {
        let titles = ["figure", "ours", "peer", "ours/peer", "target"]
        let all = [titles] + rows
        var widths = Array(repeating: 0, count: titles.count)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 1 || i == 3 ? pad + cell : cell + pad
            }.joined(separator: " | ")
        }
        var out = header.joined(separator: "\n") + "\n\n"
        out += line(titles) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-") + "\n"
        for row in rows { out += line(row) + "\n" }
        if !notes.isEmpty { out += "\n" + notes.map { "* " + $0 }.joined(separator: "\n") + "\n" }
        return out
    }

    static func number(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        if decimals > 0 { return String(format: "%.\(decimals)f", value) }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value.rounded())) ?? String(format: "%.0f", value)
    }
}
