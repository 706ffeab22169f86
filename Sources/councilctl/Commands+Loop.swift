import ArgumentParser
import CouncilClient
import CouncilKit
import CouncilAPI
import Foundation

/// What every step of the loop takes: the case, and the guards that make running it twice or late harmless.
struct StepOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The case: \(CaseArgument.help).", valueName: "case"))
    var target: CaseArgument

    @Option(help: "Refuse (exit 6) unless the case is still at this version, as last read with `show`.")
    var expectedVersion: Int?

    @Option(help: "A key for this step, so a retry cannot perform it twice.")
    var idempotencyKey: String?

    func validate() throws {
        if let expectedVersion, expectedVersion < 1 { throw ValidationError("--expected-version must be 1 or more") }
    }
}

/// A subcommand performing one operation of the five-step loop.
protocol LoopCommand: ServerCommand {
    static var operation: CaseOperation { get }
    var step: StepOptions { get }
    /// Performs the operation on the case `id`.
    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView
}

extension LoopCommand {
    func run() async throws {
        let session = try session()
        let view = try await session.withClient { client in
            let id = try await step.target.id(using: client)
            return try await perform(client, id, step.expectedVersion, session.options(idempotencyKey: step.idempotencyKey))
        }
        if session.json {
            session.emit(.object([("operation", .string(Self.operation.rawValue)), ("case", view.json)]))
        } else {
            session.print(CaseRendering.summaryLine(view))
        }
    }
}

// MARK: Step 2: classify and dispose

struct Accept: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "受理 Accept a case, confirming its category and priority.")
    static let operation = CaseOperation.accept
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "The category code (see `councilctl categories`); the suggested one when left out.")
    var category: String?
    @Option(help: "normal or urgent.")
    var priority: Priority?
    @Option(help: "A note from the hall.")
    var note: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.accept(caseID: id, expectedVersion: version, category: category, priority: priority, note: note, options: options)
    }
}

struct Decline: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "不予受理 Decline a case, with the reason.")
    static let operation = CaseOperation.decline
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "Why the case is not accepted.")
    var reason: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.decline(caseID: id, expectedVersion: version, reason: reason, options: options)
    }
}

struct Refer: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "转送 Refer a case outside the community's remit.")
    static let operation = CaseOperation.refer
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(name: .customLong("to"), help: "court, disciplineInspection, higherLevel or otherAgency.")
    var destination: Referral.Destination
    @Option(help: "The body's name, for example 桥西区人民法院.")
    var organization: String
    @Option(help: "Why it is referred.")
    var reason: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.refer(caseID: id, expectedVersion: version, referral: Referral(destination: destination, organization: organization, reason: reason), options: options)
    }
}

struct DispatchCommand: LoopCommand {
    static let configuration = CommandConfiguration(commandName: "dispatch", abstract: "派遣 Dispatch a case to a responsible unit.")
    static let operation = CaseOperation.dispatch
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "The unit code (see `councilctl units`).")
    var unit: String
    @Option(help: ArgumentHelp("When the unit must finish; a day alone means its end. The handling limit when left out.", valueName: "time"))
    var due: TimeArgument?
    @Option(help: "What the hall asks the unit to do.")
    var instructions: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.dispatch(
            caseID: id, expectedVersion: version, unit: unit, due: try await session().instant(due, endOfDay: true, client: client),
            instructions: instructions, options: options)
    }
}

struct HandleLocally: LoopCommand {
    static let configuration = CommandConfiguration(commandName: "handle-locally", abstract: "即办 Have the community handle a case itself.")
    static let operation = CaseOperation.handleLocally
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "A note.")
    var note: String?
    @Option(help: ArgumentHelp("When it must be done; a day alone means its end.", valueName: "time"))
    var due: TimeArgument?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.handleLocally(
            caseID: id, expectedVersion: version, note: note, due: try await session().instant(due, endOfDay: true, client: client), options: options)
    }
}

struct Return: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "退回 A unit sends a case back as not its responsibility.")
    static let operation = CaseOperation.return
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "Why.")
    var reason: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.returnCase(caseID: id, expectedVersion: version, reason: reason, options: options)
    }
}

struct Merge: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "重复件 Merge a duplicate into its master case.")
    static let operation = CaseOperation.merge
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: ArgumentHelp("The master case.", valueName: "case"))
    var into: CaseArgument

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.merge(caseID: id, expectedVersion: version, master: try await into.id(using: client), options: options)
    }
}

// MARK: Step 3: deliberate

struct Schedule: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "上会 Put a case before a council meeting.")
    static let operation = CaseOperation.scheduleDeliberation
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "The meeting's identifier.")
    var meeting: String?
    @Option(help: "A note.")
    var note: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.scheduleDeliberation(caseID: id, expectedVersion: version, meeting: meeting, note: note, options: options)
    }
}

struct Deliberate: LoopCommand {
    static let configuration = CommandConfiguration(
        abstract: "协商议事 Record a meeting's outcome on a case: a resolution, a deferral or no consensus.",
        discussion: "Give exactly one of --resolution (with --deadline), --defer or --no-consensus.")
    static let operation = CaseOperation.recordDeliberationOutcome
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "The meeting's identifier.")
    var meeting: String?
    @Option(help: "The questions, answers and debate (问答辩), summarised.")
    var summary: String?
    @Option(help: "决议: what was decided.")
    var resolution: String?
    @Option(help: "The unit that carries the resolution out; the community itself when left out.")
    var unit: String?
    @Option(help: ArgumentHelp("When the resolution must be carried out; a day alone means its end.", valueName: "time"))
    var deadline: TimeArgument?
    @Option(help: ArgumentHelp("The vote: FOR,AGAINST,ABSTAINING, for example 15,2,1.", valueName: "for,against,abstaining"))
    var vote: String?
    @Option(name: .customLong("defer"), help: "Put off to a later meeting, with the reason.")
    var deferral: String?
    @Option(help: "No consensus; the note. The case goes back to the hall.")
    var noConsensus: String?

    func validate() throws {
        let given = [resolution, deferral, noConsensus].compactMap { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --resolution, --defer or --no-consensus") }
        if resolution != nil, deadline == nil { throw ValidationError("--resolution needs --deadline") }
        if let vote, parsedVote(vote) == nil { throw ValidationError("--vote must be three numbers: FOR,AGAINST,ABSTAINING") }
    }

    private func parsedVote(_ text: String) -> Vote? {
        let numbers = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 3, numbers.allSatisfy({ $0 >= 0 }) else { return nil }
        return Vote(inFavour: numbers[0], against: numbers[1], abstaining: numbers[2])
    }

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        let outcome: DeliberationOutcome
        if let resolution, let deadline {
            outcome = .resolution(MeetingResolution(
                decision: resolution, responsibleUnit: unit, deadline: try await session().instant(deadline, endOfDay: true, client: client)!,
                vote: vote.flatMap(parsedVote)))
        } else if let deferral {
            outcome = .deferred(reason: deferral)
        } else {
            outcome = .noConsensus(note: noConsensus ?? "")
        }
        return try await client.recordDeliberationOutcome(caseID: id, expectedVersion: version, record: DeliberationRecord(meeting: meeting, summary: summary, outcome: outcome), options: options)
    }
}

// MARK: Step 4: handle and feed back

struct ProgressCommand: LoopCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "办理 Log handling progress.")
    static let operation = CaseOperation.addProgress
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "What was done.")
    var note: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.addProgress(caseID: id, expectedVersion: version, note: note, options: options)
    }
}

struct RequestExtension: LoopCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-extension", abstract: "延期 Ask for more time, in the unit of the case's maximum extension.")
    static let operation = CaseOperation.requestExtension
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "How much more time, in the unit of the case's maximum extension (see `categories`).")
    var length: Int
    @Option(help: "Why more time is needed.")
    var reason: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.requestExtension(caseID: id, expectedVersion: version, extension: ExtensionRequest(length: length, reason: reason), options: options)
    }
}

struct ApproveExtension: LoopCommand {
    static let configuration = CommandConfiguration(commandName: "approve-extension", abstract: "Approve the pending extension; the due time moves.")
    static let operation = CaseOperation.approveExtension
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "The approving person's id (see `councilctl people`).")
    var approver: String
    @Option(help: "The reason as told to the submitter.")
    var message: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.approveExtension(caseID: id, expectedVersion: version, approver: approver, messageToSubmitter: message, options: options)
    }
}

struct DenyExtension: LoopCommand {
    static let configuration = CommandConfiguration(commandName: "deny-extension", abstract: "Deny the pending extension.")
    static let operation = CaseOperation.denyExtension
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "The person denying it.")
    var approver: String
    @Option(help: "Why.")
    var reason: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.denyExtension(caseID: id, expectedVersion: version, approver: approver, reason: reason, options: options)
    }
}

struct Resolve: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "办结 Record the result of handling.")
    static let operation = CaseOperation.resolve
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "What was done, in a sentence or two.")
    var summary: String
    @Option(help: "The completion report (办结报告) the petition office expects.")
    var report: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.resolve(caseID: id, expectedVersion: version, result: HandlingResult(summary: summary, completionReport: report), options: options)
    }
}

struct GiveFeedback: LoopCommand {
    static let configuration = CommandConfiguration(commandName: "feedback", abstract: "反馈 Record that the result was told to the submitter.")
    static let operation = CaseOperation.recordFeedback
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "phone, textMessage, inPerson, app, letter, meeting or sourceSystem.")
    var channel: Feedback.Channel
    @Option(help: "What the submitter was told.")
    var message: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.recordFeedback(caseID: id, expectedVersion: version, feedback: Feedback(channel: channel, message: message), options: options)
    }
}

// MARK: Step 5: evaluate and assess

struct Evaluate: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "评价 Record the submitter's rating.")
    static let operation = CaseOperation.evaluate
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "satisfied (满意), basicallySatisfied (基本满意) or dissatisfied (不满意).")
    var rating: Rating
    @Flag(name: .customLong("solved"), inversion: .prefixedNo, help: "Whether the submitter considers it solved (default: unless dissatisfied).")
    var solved: Bool?
    @Option(help: "Anything the submitter added.")
    var comment: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.evaluate(caseID: id, expectedVersion: version, evaluation: Evaluation(rating: rating, solved: solved ?? (rating != .dissatisfied), comment: comment), options: options)
    }
}

struct Rework: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "返工 Send a case back to handling.")
    static let operation = CaseOperation.rework
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "Why.")
    var reason: String

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.rework(caseID: id, expectedVersion: version, reason: reason, options: options)
    }
}

struct Verify: LoopCommand {
    static let configuration = CommandConfiguration(
        abstract: "核查 Record the source system's on-site verification.",
        discussion: "Only the system the case came from may verify it.")
    static let operation = CaseOperation.verify
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Flag(help: "The problem was found fixed.")
    var passed = false
    @Flag(help: "It was not: the case goes back to handling.")
    var failed = false
    @Option(help: "What the verifier saw.")
    var note: String?

    func validate() throws {
        guard passed != failed else { throw ValidationError("give exactly one of --passed or --failed") }
    }

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.verify(caseID: id, expectedVersion: version, verification: Verification(passed: passed, note: note), options: options)
    }
}

struct Close: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "结案 Close a case.")
    static let operation = CaseOperation.close
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "A closing note.")
    var note: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.close(caseID: id, expectedVersion: version, note: note, options: options)
    }
}

struct Withdraw: LoopCommand {
    static let configuration = CommandConfiguration(abstract: "撤回 The submitter drops a case.")
    static let operation = CaseOperation.withdraw
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    @Option(help: "Why, when the submitter said.")
    var reason: String?

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.withdraw(caseID: id, expectedVersion: version, reason: reason, options: options)
    }
}

struct CloseUnrated: LoopCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-unrated", abstract: "Close a case whose evaluation window passed without a rating.")
    static let operation = CaseOperation.closeUnrated
    @OptionGroup var connection: ConnectionOptions
    @ParentCommand var root: Councilctl
    @OptionGroup var step: StepOptions

    func perform(_ client: CouncilClient, _ id: CaseID, _ version: Int?, _ options: CallOptions) async throws -> CaseView {
        try await client.closeUnrated(caseID: id, expectedVersion: version, options: options)
    }
}
