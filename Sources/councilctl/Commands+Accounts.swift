import ArgumentParser
import CouncilAPI
import CouncilClient
import CouncilKit

// Accounts for people (个人账号) and their personal keys: who may sign in to the hall as themself.

struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Add, list and change people's accounts (needs the accounts scope).",
        discussion: """
            An account lets a person of the directory sign in with a personal key of their own (`councilctl keys \
            issue`), so every event they cause names them as signed in. Roles grant scopes: hallStaff (submit, read, \
            manage, personalData), communityCadre (submit, read, manage), unitHandler (read, manage), leader (read), \
            auditor (read, personalData), administrator (read, accounts, directory, notifications). Changes apply to \
            the next connection, on every node, and are recorded (`councilctl accounts history`).
            """,
        subcommands: [AccountsList.self, AccountsAdd.self, AccountsRoles.self, AccountsDisable.self, AccountsEnable.self, AccountsHistory.self],
        defaultSubcommand: AccountsList.self)
}

extension AccountRole: ExpressibleByArgument {}

extension Account {
    var json: JSONValue {
        .object([
            ("personID", .string(personID)), ("system", .string(system)), ("roles", .strings(roles.map(\.rawValue).sorted())),
            ("disabled", .bool(disabled)), ("createdAt", .time(createdAt)), ("keys", .array(keys.map(\.json))),
        ])
    }

    /// One line: person, system, roles, state and keys in force.
    var summary: String {
        let inForce = keys.filter { $0.revokedAt == nil }.count
        return "\(personID)  \(system)  \(roles.map(\.rawValue).sorted().joined(separator: ","))  \(disabled ? "disabled" : "enabled")  "
            + "\(inForce) \(inForce == 1 ? "key" : "keys") in force"
    }
}

extension PersonalKeyInfo {
    var json: JSONValue {
        .object([
            ("keyID", .string(keyID)), ("issuedAt", .time(issuedAt)), ("expiresAt", .time(expiresAt)), ("revokedAt", .time(revokedAt)),
            ("lastUsedAt", .time(lastUsedAt)),
        ])
    }
}

/// Prints an account as `--json` or one line.
private func show(_ account: Account, _ session: Session) {
    if session.json { session.emit(.object([("account", account.json)])) } else { session.print(account.summary) }
}

struct AccountsList: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every account and its keys.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    func run() async throws {
        let session = try session()
        let accounts = try await session.withClient { try await $0.listAccounts() }
        if session.json {
            session.emit(.object([("accounts", .array(accounts.map(\.json)))]))
            return
        }
        if !accounts.isEmpty {
            var table = Table([
                .init("PERSON"), .init("SYSTEM"), .init("ROLES"), .init("STATE"), .init("KEY"), .init("ISSUED (UTC+8)"), .init("EXPIRES"),
                .init("LAST USED"), .init("REVOKED"),
            ])
            for account in accounts {
                let roles = account.roles.map(\.rawValue).sorted().joined(separator: ",")
                let state = account.disabled ? "disabled" : "enabled"
                if account.keys.isEmpty { table.add([account.personID, account.system, roles, state, "—", "", "", "", ""]) }
                for (i, key) in account.keys.enumerated() {
                    table.add([
                        i == 0 ? account.personID : "", i == 0 ? account.system : "", i == 0 ? roles : "", i == 0 ? state : "", key.keyID,
                        LocalTime.format(key.issuedAt), LocalTime.format(key.expiresAt), LocalTime.format(key.lastUsedAt),
                        LocalTime.format(key.revokedAt),
                    ])
                }
            }
            session.write(table.rendered)
        }
        session.note("\(accounts.count) \(accounts.count == 1 ? "account" : "accounts")")
    }
}

struct AccountsAdd: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an account for a person of the directory.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The person's directory id (see `councilctl people`).")
    var person: String
    @Option(help: "A role: hallStaff, communityCadre, unitHandler, leader, auditor, administrator; repeat for more.")
    var role: [AccountRole] = []
    @Option(name: .customLong("for-system"), help: "The client system the person signs in through (default hall-staff).")
    var forSystem: String?

    func validate() throws {
        if role.isEmpty { throw ValidationError("give at least one --role") }
    }

    func run() async throws {
        let session = try session()
        show(try await session.withClient { try await $0.addAccount(personID: person, system: forSystem ?? "", roles: Set(role)) }, session)
    }
}

struct AccountsRoles: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Replace an account's roles.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The person's directory id.")
    var person: String
    @Option(help: "A role; repeat for more. The account gets exactly these.")
    var role: [AccountRole] = []

    func validate() throws {
        if role.isEmpty { throw ValidationError("give at least one --role") }
    }

    func run() async throws {
        let session = try session()
        show(try await session.withClient { try await $0.setAccountRoles(personID: person, roles: Set(role)) }, session)
    }
}

struct AccountsDisable: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an account: it signs in no more.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The person's directory id.")
    var person: String

    func run() async throws {
        let session = try session()
        show(try await session.withClient { try await $0.setAccountDisabled(personID: person, disabled: true) }, session)
    }
}

struct AccountsEnable: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled account again.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The person's directory id.")
    var person: String

    func run() async throws {
        let session = try session()
        show(try await session.withClient { try await $0.setAccountDisabled(personID: person, disabled: false) }, session)
    }
}

struct AccountsHistory: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "The recorded changes to accounts and keys, oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "Only this person's account.")
    var person: String?

    func run() async throws {
        let session = try session()
        let changes = try await session.withClient { try await $0.listAccountChanges(personID: person ?? "") }
        if session.json {
            session.emit(.object([("changes", .array(changes.map { change in
                .object([
                    ("at", .time(change.at)), ("personID", .string(change.personID)), ("change", .string(change.change)),
                    ("by", .string(change.by?.description)),
                ])
            }))]))
            return
        }
        for change in changes {
            session.print("\(LocalTime.format(change.at))  \(change.personID)  \(change.change)  by \(change.by?.description ?? "?")")
        }
        session.note("\(changes.count) \(changes.count == 1 ? "change" : "changes")")
    }
}

// MARK: Keys

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Issue, rotate and revoke people's personal keys (needs the accounts scope).",
        discussion: """
            A key is printed once, when it is issued: the server keeps only its hash. Give it to the person; they sign \
            in with `--key` (or COUNCIL_KEY) and `--system` set to their account's system.
            """,
        subcommands: [KeysIssue.self, KeysRotate.self, KeysRevoke.self])
}

/// Prints an issued key: the secret to stdout, what to do with it to stderr.
private func show(_ issued: IssuedKeyResponse, _ session: Session) {
    if session.json {
        session.emit(.object([("key", .string(issued.key)), ("info", issued.info?.json ?? .null), ("account", issued.account?.json ?? .null)]))
        return
    }
    session.print(issued.key)
    let expiry = issued.info?.expiresAt.map { " until \(LocalTime.format($0))" } ?? ""
    session.note(
        "key \(issued.info?.keyID ?? "?") for \(issued.account?.personID ?? "?")\(expiry): shown this once, give it to the person; "
            + "they sign in with --system \(issued.account?.system ?? "hall-staff") --key KEY")
}

struct KeysIssue: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "issue", abstract: "Issue a personal key to a person's account.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The person's directory id.")
    var person: String
    @Option(help: ArgumentHelp("When the key stops working; never by default. \(TimeArgument.help).", valueName: "time"))
    var expires: TimeArgument?

    func run() async throws {
        let session = try session()
        show(try await session.withClient { client in
            try await client.issueKey(personID: person, expiresAt: try await session.instant(expires, endOfDay: true, client: client))
        }, session)
    }
}

struct KeysRotate: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "rotate", abstract: "Issue a new key in place of one, which is revoked.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The key's id, chp_… (see `councilctl accounts list`).")
    var keyID: String
    @Option(help: ArgumentHelp("When the new key stops working; as the old one by default. \(TimeArgument.help).", valueName: "time"))
    var expires: TimeArgument?

    func run() async throws {
        let session = try session()
        show(try await session.withClient { client in
            try await client.rotateKey(keyID: keyID, expiresAt: try await session.instant(expires, endOfDay: true, client: client))
        }, session)
    }
}

struct KeysRevoke: ServerCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key: it signs in no more.")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    @Argument(help: "The key's id, chp_….")
    var keyID: String

    func run() async throws {
        let session = try session()
        show(try await session.withClient { try await $0.revokeKey(keyID: keyID) }, session)
    }
}

// MARK: Failed sign-ins

struct SignIns: ServerCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-ins",
        abstract: "Failed sign-ins this councild saw in the last 15 minutes, by address and account (needs the accounts scope).")

    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl

    func run() async throws {
        let session = try session()
        let failures = try await session.withClient { try await $0.listSignInFailures() }
        if session.json {
            session.emit(.object([("failures", .array(failures.map { failure in
                .object([
                    ("kind", .string(failure.kind)), ("subject", .string(failure.subject)), ("failures", .int(failure.failures)),
                    ("lastFailureAt", .time(failure.lastFailureAt)), ("delayedUntil", .time(failure.delayedUntil)),
                ])
            }))]))
            return
        }
        if !failures.isEmpty {
            var table = Table([.init("KIND"), .init("SUBJECT"), .init("FAILURES", alignRight: true), .init("LAST (UTC+8)"), .init("SLOWED UNTIL")])
            for failure in failures {
                table.add([failure.kind, failure.subject, String(failure.failures), LocalTime.format(failure.lastFailureAt), LocalTime.format(failure.delayedUntil)])
            }
            session.write(table.rendered)
        }
        session.note("\(failures.count) \(failures.count == 1 ? "address or account" : "addresses and accounts") with failed sign-ins")
    }
}
