import CouncilKit

/// What a progress line counts.
public enum ProgressUnit: Sendable, Hashable {
    /// Things, named by their plural: `cases`, `pages`, `entries`.
    case items(String)
    /// Bytes, shown in B, KiB, MiB and GiB.
    case bytes
}

/// A progress line as a value: the step of the work under way, how much of it is done, and the frames that show it.
/// It does no I/O and reads no clock — every call is given the time — so tests feed it instants and read its frames;
/// ``TerminalProgress`` draws it on a terminal.
///
/// A frame starts with a carriage return, so it overwrites the one before on the same line, and is padded with spaces
/// where it is shorter than that one; the last frame ends with a line break. With a total a frame reads
/// `label  [=====>    ]  412,345/1,000,000 cases   41%  8,123/s  ETA 1m12s`; without one,
/// `label  45,678 rows  12,345/s`; a step that counts nothing shows its label alone. The last frame shows how
/// long the step took instead of the estimate. Frames fit in one column less than the terminal's width (the last
/// column would wrap on some terminals): as it narrows the bar goes first, then the label is cut — Chinese characters
/// count two columns — and then the lesser figures, the rate first. The bar's width is worked out from the widest
/// figures the step may show, so it keeps its width from frame to frame.
public struct ProgressMeter: Sendable {
    /// The least time between two frames of one step: at most ten redraws a second, however often the work reports.
    public static let redrawInterval: Duration = .milliseconds(100)

    /// What is being done.
    public private(set) var label: String
    /// How many there are to do, when known.
    public private(set) var total: Int64?
    /// What is counted; nil for a step that counts nothing.
    public private(set) var unit: ProgressUnit?
    /// How many are done.
    public private(set) var done: Int64 = 0
    /// When this step began: its rate and its estimate count from here.
    private var started: Timestamp
    /// When the last frame was drawn, nil before the first.
    private var drawn: Timestamp?
    /// The columns the last frame took, which the next must cover.
    private var drawnColumns = 0

    /// A first step; nothing is drawn until ``frame(at:columns:)``.
    public init(_ label: String, total: Int64? = nil, unit: ProgressUnit? = nil, at now: Timestamp) {
        self.label = label
        self.total = total
        self.unit = unit
        self.started = now
    }

    /// Starts the next step of the same work on the same line: the count, the rate and the estimate start again.
    /// The caller draws it at once — a step may be followed by a wait without reports, such as a call to a server.
    public mutating func begin(_ label: String, total: Int64? = nil, unit: ProgressUnit? = nil, at now: Timestamp) {
        (self.label, self.total, self.unit, done, started, drawn) = (label, total, unit, 0, now, nil)
    }

    /// Records that `done` are done, and the total when it is learnt or changes.
    /// - Returns: Whether a frame is due: none was drawn in this step yet, or the last is ``redrawInterval`` old.
    public mutating func update(_ done: Int64, total: Int64? = nil, at now: Timestamp) -> Bool {
        self.done = done
        if let total { self.total = total }
        guard let drawn else { return true }
        return now.duration(since: drawn) >= Self.redrawInterval
    }

    /// The frame that shows the step now, on a terminal `columns` wide, and records that it was drawn.
    public mutating func frame(at now: Timestamp, columns: Int) -> String {
        draw(text(at: now, finished: false, columns: columns), at: now)
    }

    /// The step's last frame, with how long it took, ending the line.
    public mutating func finish(at now: Timestamp, columns: Int) -> String {
        draw(text(at: now, finished: true, columns: columns), at: now) + "\n"
    }

    private mutating func draw(_ text: String, at now: Timestamp) -> String {
        let columns = DisplayWidth.of(text)
        let frame = "\r" + text + String(repeating: " ", count: max(0, drawnColumns - columns))
        (drawn, drawnColumns) = (now, columns)
        return frame
    }

    /// The text of a frame, without the carriage return.
    func text(at now: Timestamp, finished: Bool, columns: Int) -> String {
        let room = max(1, columns - 1)
        let elapsed = now.duration(since: started)
        let label = DisplayWidth.singleLine(self.label)
        // The figures in the order shown, each with its rank: on a narrow terminal the lowest go first.
        var figures: [(text: String, rank: Int)] = []
        var fraction: Double?
        // The columns the figures of a running frame may come to take, so the bar keeps its width from frame to frame.
        var reserved = 0
        if let unit {
            let rate = elapsed > .zero && done > 0 ? Double(done) / Self.seconds(elapsed) : nil
            if let total, total > 0 {
                let part = Double(min(max(done, 0), total)) / Double(total)
                fraction = part
                figures.append((Self.amount(done, of: total, unit), 2))
                figures.append((Self.leftPadded("\(Int(part * 100))%", to: 4), 4))
                reserved = DisplayWidth.of(Self.amount(total, of: total, unit)) + 4 + DisplayWidth.of(Self.rate(Double(total), unit))
                    + "ETA 1m12s".count + 4 * 2
            } else {
                figures.append((Self.amount(done, unit), 4))
            }
            if let rate { figures.append((Self.rate(rate, unit), 1)) }
            if !finished, let total, let rate, total > done {
                let remaining = min(Double(total - done) / rate * 1000, 1e15).rounded()
                figures.append(("ETA " + Self.duration(.milliseconds(Int64(remaining))), 3))
            }
        }
        if finished { figures.append((Self.duration(elapsed), 3)) }
        func tail() -> String { figures.map { "  " + $0.text }.joined() }
        let labelColumns = DisplayWidth.of(label)

        // The bar takes what the label and the figures leave, up to 40 columns; below 10 it is left out.
        if let fraction {
            let barColumns = min(40, room - labelColumns - max(DisplayWidth.of(tail()), reserved) - 4)
            if barColumns >= 10 {
                let filled = Int(fraction * Double(barColumns))
                let bar = filled == barColumns
                    ? String(repeating: "=", count: barColumns)
                    : String(repeating: "=", count: filled) + ">" + String(repeating: " ", count: barColumns - filled - 1)
                return label + "  [" + bar + "]" + tail()
            }
        }
        // Too narrow: cut the label, down to 12 columns, then leave out figures, the lowest ranked first.
        let kept = min(labelColumns, 12)
        while figures.count > 1 && kept + DisplayWidth.of(tail()) > room {
            figures.remove(at: figures.indices.min { figures[$0].rank < figures[$1].rank }!)
        }
        let tailText = tail()
        let line = DisplayWidth.truncated(label, to: max(kept, room - DisplayWidth.of(tailText))) + tailText
        return DisplayWidth.of(line) <= room ? line : DisplayWidth.truncated(line, to: room)
    }

    // MARK: Figures

    /// `412,345/1,000,000 cases`, `1.2 MiB/3.4 MiB`.
    static func amount(_ done: Int64, of total: Int64, _ unit: ProgressUnit) -> String {
        switch unit {
        case .items(let name): "\(leftPadded(grouped(done), to: grouped(total).count))/\(grouped(total)) \(name)"
        case .bytes: "\(bytes(done))/\(bytes(total))"
        }
    }

    /// `45,678 rows`, `812.3 KiB`.
    static func amount(_ done: Int64, _ unit: ProgressUnit) -> String {
        switch unit {
        case .items(let name): "\(grouped(done)) \(name)"
        case .bytes: bytes(done)
        }
    }

    /// `8,123/s`, `2.5/s` (the count beside it names what), `1.5 MiB/s`.
    static func rate(_ perSecond: Double, _ unit: ProgressUnit) -> String {
        switch unit {
        case .items: "\(perSecond >= 100 ? grouped(Int64(perSecond.rounded())) : tenths(perSecond))/s"
        case .bytes: "\(bytes(Int64(perSecond.rounded())))/s"
        }
    }

    /// `1,000,000`: thousands grouped with commas, whatever the locale.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// `812 B`, `812.3 KiB`, `3.4 MiB`, `1.2 GiB`.
    static func bytes(_ value: Int64) -> String {
        guard value >= 1024 else { return "\(value) B" }
        var scaled = Double(value) / 1024
        for unit in ["KiB", "MiB", "GiB"] {
            if scaled < 1024 || unit == "GiB" { return "\(tenths(scaled)) \(unit)" }
            scaled /= 1024
        }
        return "\(value) B"
    }

    /// `0.4s`, `42s`, `1m12s`, `1h02m`.
    static func duration(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        let milliseconds = max(0, whole * 1000 + fraction / 1_000_000_000_000_000)
        let seconds = milliseconds / 1000
        if seconds < 10 { return "\(seconds).\(milliseconds % 1000 / 100)s" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + twoDigits(seconds % 60) + "s" }
        return "\(seconds / 3600)h" + twoDigits(seconds % 3600 / 60) + "m"
    }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// One decimal, rounded: `2.5`, `812.3`.
    private static func tenths(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func leftPadded(_ text: String, to count: Int) -> String {
        String(repeating: " ", count: max(0, count - text.count)) + text
    }
}
