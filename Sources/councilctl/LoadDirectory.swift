import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import CouncilTerminal
import Foundation

struct LoadDirectory: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-directory",
        abstract: "Load a directory seed file (communities, compounds, grid cells, units, people, categories, calendar) into councild.",
        discussion: """
            The file is checked here first as councild reads it — every code unique, every reference resolving — and \
            then uploaded: councild replaces its directory and work calendar with it and stores it, so a restart keeps \
            it (needs a key with the directory scope). The counts printed are the server's. With --check the file is \
            only checked, locally, and nothing is sent.
            """)

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The seed file (JSON), as councild --seed reads it.")
    var file: String

    @Flag(help: "Only check the file locally: exit 0 when it is valid; nothing is uploaded.")
    var check = false

    func run() async throws {
        let session = try session()
        let json = session.json
        let progress = session.progress()
        defer { progress.finish() }
        progress.begin("\(file): reading and checking")
        let data: Data
        let seed: DirectorySeed
        do {
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw CouncilError.invalid("seed", "cannot read the seed file \(file)")
            }
            seed = try DirectorySeed.decode(data)
            _ = try seed.directory()
        } catch let error as CouncilError {
            progress.finish()
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

        if check {
            progress.finish()
            let counts: [(String, Int)] = [
                ("communities", seed.communities.count), ("compounds", seed.compounds.count), ("buildings", seed.buildings.count),
                ("households", seed.households.count), ("gridCells", seed.gridCells.count), ("units", seed.units.count),
                ("people", seed.people.count), ("categories", seed.categories.count),
                ("holidays", seed.calendar?.holidays.count ?? 0), ("adjustedWorkdays", seed.calendar?.adjustedWorkdays.count ?? 0),
            ]
            report(district: seed.district, counts: counts, uploaded: false, version: nil, json: json)
            return
        }

        // One call carries the whole file: councild checks it again, replaces its directory and stores it.
        let entries = [seed.communities.count, seed.compounds.count, seed.buildings.count, seed.households.count, seed.gridCells.count,
                       seed.units.count, seed.people.count, seed.categories.count].reduce(0, +)
        progress.begin("\(file): uploading \(entries) entries (\(data.count) bytes); councild checks and stores them")
        let load = try await session.withClient { try await $0.loadDirectory(seed: Array(data), options: session.options()) }
        progress.finish()
        let counts: [(String, Int)] = [
            ("communities", load.communities), ("compounds", load.compounds), ("buildings", load.buildings), ("households", load.households),
            ("gridCells", load.gridCells), ("units", load.units), ("people", load.people), ("categories", load.categories),
        ]
        report(district: load.district, counts: counts, uploaded: true, version: Int(load.version), json: json)
        if !json { session.note("councild at \(session.endpoint) now uses this directory (stored version \(load.version))") }
    }

    private func report(district: District, counts: [(String, Int)], uploaded: Bool, version: Int?, json: Bool) {
        if json {
            Console.out(JSONValue.object([
                ("file", .string(file)), ("valid", .bool(true)),
                ("district", .object([("code", .string(district.code)), ("name", .string(district.name))])),
                ("counts", .object(counts.map { ($0.0, .int($0.1)) })),
                ("uploaded", .bool(uploaded)), ("version", .int(version)),
            ]).rendered(pretty: true) + "\n")
            return
        }
        var table = Table([.init("ENTRIES"), .init("COUNT", alignRight: true)])
        let words = ["gridCells": "grid cells", "adjustedWorkdays": "adjusted workdays"]
        for (name, count) in counts { table.add([words[name] ?? name, String(count)]) }
        let what = uploaded ? "loaded directory for" : "valid directory for"
        Console.out("\(file): \(what) \(district.name) (\(district.code))\(version.map { ", version \($0)" } ?? "")\n\n" + table.rendered)
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
