import CouncilTerminal

/// A plain-text table whose columns line up in a terminal whatever mix of Chinese and Latin text the cells hold.
struct Table {
    /// A column: its header, and how wide it may grow before cells are cut.
    struct Column {
        var header: String
        var maxWidth: Int?
        var alignRight = false

        init(_ header: String, maxWidth: Int? = nil, alignRight: Bool = false) {
            self.header = header
            self.maxWidth = maxWidth
            self.alignRight = alignRight
        }
    }

    var columns: [Column]
    private(set) var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    init(_ headers: String...) {
        self.columns = headers.map { Column($0) }
    }

    /// Adds a row; missing cells are blank, cells are made single-line.
    mutating func add(_ cells: [String]) {
        var row = cells.map(DisplayWidth.singleLine)
        row += Array(repeating: "", count: max(0, columns.count - row.count))
        rows.append(row)
    }

    /// The table's lines: header, then rows, columns two spaces apart, no trailing spaces.
    func lines() -> [String] {
        let cut = rows.map { row in
            row.enumerated().map { index, cell in
                index < columns.count ? columns[index].maxWidth.map { DisplayWidth.truncated(cell, to: $0) } ?? cell : cell
            }
        }
        var widths = columns.map { DisplayWidth.of($0.header) }
        for row in cut {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() where index < columns.count {
                let isLast = index == columns.count - 1
                if columns[index].alignRight {
                    parts.append(DisplayWidth.leftPadded(cell, to: widths[index]))
                } else {
                    parts.append(isLast ? cell : DisplayWidth.padded(cell, to: widths[index]))
                }
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return [line(columns.map(\.header))] + cut.map(line)
    }

    /// The table as text, one line each, ending in a newline.
    var rendered: String { lines().map { $0 + "\n" }.joined() }
}
