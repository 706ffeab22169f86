import ArgumentParser
import CouncilAPI
import CouncilServer
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `councild new-key`: makes a client system's API key and, given the configuration file, puts the entry that
/// accepts it into the file's `keys`, so issuing a key is one command and a reload.
struct NewKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-key",
        abstract: "Make a new API key for a client system and add it to the configuration file.",
        discussion: """
            With --config the entry that accepts the key (the key's SHA-256 hash, never the key) goes into the file's \
            "keys"; the file is rewritten atomically with its other settings kept, and its owner and mode too. The key \
            alone is printed on standard output, once: it is stored nowhere. `systemctl reload councild` (SIGHUP) puts \
            it in force without dropping a connection. A system that has a key already keeps it unless --replace says \
            otherwise. A file councild could not use is refused and left as it is.

            Without --config, the key and the entry to add by hand are printed.

            Example: councild new-key --system petition-office --scopes submit read --config /etc/council/councild.json
            """)

    @Option(help: "The client system the key is for, for example petition-office.")
    var system: String

    @Option(parsing: .upToNextOption, help: "Scopes: submit read manage personalData directory (default read).")
    var scopes: [Scope] = [.read]

    @Option(help: ArgumentHelp("The configuration file councild runs with (--config): the key's entry is added to its keys.", valueName: "file"))
    var config: String?

    @Flag(help: "With --config: replace the system's keys in the file; those keys stop working at the reload.")
    var replace = false

    func validate() throws {
        guard !system.isEmpty, !system.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ValidationError("--system must be a client system's code, for example petition-office")
        }
        if replace && config == nil { throw ValidationError("--replace replaces keys in a configuration file: give --config too") }
    }

    func run() throws {
        guard let config else { return printEntry() }
        let (key, hash) = KeyRing.newKey()
        let entry = KeyRing.Entry(system: system, keyHash: hash, scopes: Set(scopes))
        let replaced: Int
        do {
            replaced = try ConfigurationFileKeys.add(entry, replacing: replace, to: config)
        } catch {
            FileHandle.standardError.write(Data("councild new-key: \(error)\n".utf8))
            throw ExitCode(1)
        }
        // The key goes to standard output alone, so `KEY=$(councild new-key …)` captures it; the rest is for people.
        print(key)
        let scopeList = entry.scopes.map(\.rawValue).sorted().joined(separator: " ")
        let what = replaced > 0 ? "replaced \(system)'s \(replaced == 1 ? "key" : "\(replaced) keys") with the new one" : "added a key for \(system)"
        FileHandle.standardError.write(Data("""
            \(what) (scopes: \(scopeList)) in \(config).
            The key above is shown this once and stored nowhere: give it to \(system) now.
            Put it in force without a restart: systemctl reload councild (SIGHUP to councild).

            """.utf8))
    }

    private func printEntry() {
        let (key, hash) = KeyRing.newKey()
        let entry = KeyRing.Entry(system: system, keyHash: hash, scopes: Set(scopes))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print("Key (give it to the client system; it is not stored anywhere):\n  \(key)\n")
        print("Configuration entry (add it to \"keys\", or run new-key with --config to have it added):")
        print(String(decoding: (try? encoder.encode(entry)) ?? Data(), as: UTF8.self))
    }
}

/// Adds key entries to a configuration file in place.
enum ConfigurationFileKeys {
    /// Why the file was left as it was. Never holds a key.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// Adds `entry` to the `keys` of the configuration file at `path`, first removing the system's other entries when
    /// `replacing`; returns how many it removed.
    ///
    /// The file must be one councild accepts. It is rewritten atomically (a new file beside it, renamed over it) with
    /// its owner and mode, its other settings kept; JSON objects come out with their keys sorted.
    /// - Throws: ``Refusal`` when the file cannot be read, is not a configuration councild accepts, holds a key for
    ///   the system already and `replacing` is false, or cannot be replaced.
    static func add(_ entry: KeyRing.Entry, replacing: Bool, to path: String) throws -> Int {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let data = FileManager.default.contents(atPath: target) else {
            throw Refusal(description: "cannot read the configuration file \(path); nothing was changed")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Refusal(description: "the configuration file \(path) is not JSON; it was left unchanged")
        }
        guard var settings = parsed as? [String: Any] else {
            throw Refusal(description: "the configuration file \(path) is not a JSON object; it was left unchanged")
        }
        do {
            _ = try ServerConfiguration.load(contentsOf: target)
        } catch {
            throw Refusal(description: "\(error); councild could not use it as it is, so it was left unchanged")
        }
        let keys = settings["keys"] as? [[String: Any]] ?? []
        let others = keys.filter { $0["system"] as? String != entry.system }
        let removed = keys.count - others.count
        if removed > 0 && !replacing {
            throw Refusal(description: """
                \(path) holds \(removed == 1 ? "a key" : "\(removed) keys") for \(entry.system) already; nothing was changed. \
                Give --replace to replace \(removed == 1 ? "it" : "them") (\(removed == 1 ? "it stops" : "they stop") working at the reload)
                """)
        }
        settings["keys"] = others + [["system": entry.system, "keyHash": entry.keyHash, "scopes": entry.scopes.map(\.rawValue).sorted()]]
        let updated = try JSONSerialization.data(withJSONObject: settings, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        do {
            let check = try JSONDecoder().decode(ServerConfiguration.self, from: updated)
            _ = try KeyRing(check.keys)
        } catch {
            throw Refusal(description: "the keys would not load (\(error)); \(path) was left unchanged")
        }
        try replaceAtomically(target, with: updated + Data("\n".utf8), shownAs: path)
        return removed
    }

    /// Writes `data` to a new file beside `path` with `path`'s owner and mode, flushes it, and renames it over `path`.
    private static func replaceAtomically(_ path: String, with data: Data, shownAs shown: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Refusal(description: "cannot read the configuration file \(shown); nothing was changed") }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).new-key-\(getpid())"
        let mode = status.st_mode & 0o7777
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw Refusal(description: "cannot write beside \(shown) (\(String(cString: strerror(errno)))); nothing was changed")
        }
        var written = false
        defer { if !written { unlink(temporary) } }
        _ = fchmod(fd, mode)
        _ = fchown(fd, status.st_uid, status.st_gid)  // Kept when allowed (root); otherwise the file is the caller's.
        let ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        let flushed = ok && fsync(fd) == 0
        close(fd)
        guard flushed, rename(temporary, path) == 0 else {
            throw Refusal(description: "cannot write \(shown) (\(String(cString: strerror(errno)))); nothing was changed")
        }
        written = true
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }
}
