import ArgumentParser
import CouncilKit
import Foundation

struct LoadDirectory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-directory",
        abstract: "Check a directory seed file (communities, compounds, grid cells, units, people, categories).",
        discussion: """
            The file is read and checked as councild would read it: every code unique, every reference resolving. \
            Uploading it to a running councild is not available yet — the protocol has no method for it — so \
            without --check this exits 1 after the check; start councild with --seed FILE to use the directory.
            """)

    @Argument(help: "The seed file (JSON), as councild --seed reads it.")
    var file: String

    @Flag(help: "Only check the file: exit 0 when it is valid.")
    var check = false

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @ParentCommand var root: Councilctl

    func run() async throws {
        let json = json || root.connection.json
        let seed: DirectorySeed
        do {
            seed = try DirectorySeed.load(contentsOf: URL(fileURLWithPath: file))
            _ = try seed.directory()
        } catch let error as CouncilError {
            if json {
                Console.out(JSONValue.object([
                    ("file", .string(file)), ("valid", .bool(false)),
                    ("error", .object([("message", .string(error.message)), ("field", .string(error.field))])),
                    ("uploaded", .bool(false)),
                ]).rendered(pretty: true) + "\n")
            }
            let field = error.field.map { " [field: \($0)]" } ?? ""
            throw Failure(.invalid, "invalid directory file \(file): \(error.message)\(field)", answeredInJSON: json)
        }

        let counts: [(String, Int)] = [
            ("communities", seed.communities.count), ("compounds", seed.compounds.count), ("buildings", seed.buildings.count),
            ("households", seed.households.count), ("gridCells", seed.gridCells.count), ("units", seed.units.count),
            ("people", seed.people.count), ("categories", seed.categories.count),
            ("holidays", seed.calendar?.holidays.count ?? 0), ("adjustedWorkdays", seed.calendar?.adjustedWorkdays.count ?? 0),
        ]
        let notUploaded = "not uploaded: councild has no method to load a directory over the wire yet; start it with --seed \(file)"
        if json {
            Console.out(JSONValue.object([
                ("file", .string(file)), ("valid", .bool(true)),
                ("district", .object([("code", .string(seed.district.code)), ("name", .string(seed.district.name))])),
                ("counts", .object(counts.map { ($0.0, .int($0.1)) })),
                ("uploaded", .bool(false)),
            ]).rendered(pretty: true) + "\n")
        } else {
            var table = Table([.init("ENTRIES"), .init("COUNT", alignRight: true)])
            let words = ["gridCells": "grid cells", "adjustedWorkdays": "adjusted workdays"]
            for (name, count) in counts { table.add([words[name] ?? name, String(count)]) }
            Console.out("\(file): valid directory for \(seed.district.name) (\(seed.district.code))\n\n" + table.rendered)
        }
        if !check {
            throw Failure(.failed, notUploaded, answeredInJSON: json)
        }
    }
}

/// Prints the terminal width of each argument; for checking how tables will line up.
struct DisplayWidthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display-width", abstract: "Print how many terminal columns each text takes.", shouldDisplay: false)

    @Argument(help: "Texts to measure.")
    var texts: [String] = []

    func run() throws {
        Console.out(texts.map { "\(DisplayWidth.of($0))\n" }.joined())
    }
}
