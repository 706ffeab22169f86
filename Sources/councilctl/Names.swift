import ArgumentParser
import CouncilAPI
import CouncilKit

// What people read: the glossary's Chinese term beside the English one, and the councilctl subcommand that
// performs each operation.

extension CaseStatus {
    /// 已受理 accepted.
    var label: String { "\(MessageTemplates.statusName(self)) \(rawValue)" }
}

extension LoopStep {
    /// The step's Chinese name.
    var chinese: String {
        switch self {
        case .collect: return "收集问题"
        case .classifyAndDispose: return "分类处置"
        case .deliberate: return "协商议事"
        case .handleAndFeedBack: return "办理反馈"
        case .evaluateAndAssess: return "评价考核"
        }
    }

    /// The glossary's English name.
    var english: String {
        switch self {
        case .collect: return "collect"
        case .classifyAndDispose: return "classify & dispose"
        case .deliberate: return "deliberate"
        case .handleAndFeedBack: return "handle & feed back"
        case .evaluateAndAssess: return "evaluate & assess"
        }
    }
}

extension CaseSource {
    var chinese: String {
        switch self {
        case .walkIn: return "来访"
        case .meeting: return "议事会议"
        case .leaderVisit: return "领导包联走访"
        case .cadreVisit: return "干部结对走访"
        case .representative: return "居民代表"
        case .gridPlatform: return "网格平台"
        case .petitionOffice: return "信访"
        case .hotline: return "12345热线"
        case .app: return "应用"
        }
    }

    var label: String { "\(chinese) \(rawValue)" }
}

extension Priority {
    var label: String { self == .urgent ? "紧急 urgent" : "一般 normal" }
}

extension Disposition {
    var label: String {
        switch self {
        case .handleLocally: return "即办 handleLocally"
        case .dispatch: return "派遣 dispatch"
        case .deliberation: return "上会协商 deliberation"
        case .referral: return "转送 referral"
        case .decline: return "不予受理 decline"
        case .merge: return "合并 merge"
        }
    }
}

extension DeadlineState {
    var label: String {
        switch self {
        case .none: return "—"
        case .onTime: return "按时 on time"
        case .dueSoon: return "即将到期 due soon"
        case .overdue: return "已超期 overdue"
        case .supervised: return "督办 supervised"
        }
    }
}

extension Rating {
    var label: String {
        switch self {
        case .satisfied: return "满意 satisfied"
        case .basicallySatisfied: return "基本满意 basically satisfied"
        case .dissatisfied: return "不满意 dissatisfied"
        }
    }
}

extension Feedback.Channel {
    var label: String {
        switch self {
        case .phone: return "电话 phone"
        case .textMessage: return "短信 text message"
        case .inPerson: return "当面 in person"
        case .app: return "应用 app"
        case .letter: return "书面 letter"
        case .meeting: return "会议 meeting"
        case .sourceSystem: return "来源系统 source system"
        }
    }
}

extension Referral.Destination {
    var label: String {
        switch self {
        case .court: return "法院 court"
        case .disciplineInspection: return "纪检监察 discipline inspection"
        case .higherLevel: return "上级 higher level"
        case .otherAgency: return "其他机关 other agency"
        }
    }
}

extension DeadlineAlert.Clock {
    var label: String {
        switch self {
        case .response: return "response"
        case .handling: return "handling"
        case .evaluation: return "evaluation"
        }
    }
}

extension CaseOperation {
    /// The councilctl subcommand that performs the operation.
    var command: String {
        switch self {
        case .submit: return "submit"
        case .accept: return "accept"
        case .decline: return "decline"
        case .refer: return "refer"
        case .dispatch: return "dispatch"
        case .handleLocally: return "handle-locally"
        case .return: return "return"
        case .merge: return "merge"
        case .scheduleDeliberation: return "schedule"
        case .recordDeliberationOutcome: return "deliberate"
        case .addProgress: return "progress"
        case .requestExtension: return "request-extension"
        case .approveExtension: return "approve-extension"
        case .denyExtension: return "deny-extension"
        case .resolve: return "resolve"
        case .recordFeedback: return "feedback"
        case .evaluate: return "evaluate"
        case .rework: return "rework"
        case .verify: return "verify"
        case .close: return "close"
        case .withdraw: return "withdraw"
        case .closeUnrated: return "close-unrated"
        case .alertDeadline: return "alert-deadline"
        }
    }
}

/// Allowed operations as subcommands people can type: `accept, decline, refer`.
func commandList(_ operations: [CaseOperation]) -> String {
    operations.isEmpty ? "none" : operations.map(\.command).joined(separator: ", ")
}

extension CaseChange {
    /// The change in English, one or two words.
    var english: String {
        switch self {
        case .submitted: return "submitted"
        case .accepted: return "accepted"
        case .declined: return "declined"
        case .referred: return "referred"
        case .dispatched: return "dispatched"
        case .handledLocally: return "handled locally"
        case .returned: return "returned"
        case .merged: return "merged"
        case .scheduledForDeliberation: return "scheduled for deliberation"
        case .deliberated: return "deliberated"
        case .progressAdded: return "progress"
        case .extensionRequested: return "extension requested"
        case .extensionApproved: return "extension approved"
        case .extensionDenied: return "extension denied"
        case .resolved: return "resolved"
        case .feedbackRecorded: return "feedback"
        case .evaluated: return "evaluated"
        case .reworkStarted: return "rework"
        case .verified(let verification, _): return verification.passed ? "verified" : "verification failed"
        case .closed: return "closed"
        case .withdrawn: return "withdrawn"
        case .closedUnrated: return "closed unrated"
        case .deadlineAlert(let alert):
            switch alert.level {
            case .dueSoon: return "due soon"
            case .overdue: return "overdue"
            case .supervision: return "supervised"
            }
        }
    }

    /// 已受理 accepted.
    var label: String { "\(MessageTemplates.eventName(self)) \(english)" }
}

// MARK: Parsing enum values

/// Reads the schema's camelCase names, their kebab-case spelling and, where one is listed, the Chinese term.
protocol NamedArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {
    /// Other accepted spellings, such as 满意 for satisfied.
    static var aliases: [String: Self] { get }
}

extension NamedArgument {
    static var aliases: [String: Self] { [:] }

    public init?(argument: String) {
        func fold(_ text: String) -> String { text.lowercased().filter { $0 != "-" && $0 != "_" } }
        if let alias = Self.aliases[argument] {
            self = alias
            return
        }
        guard let match = Self.allCases.first(where: { fold($0.rawValue) == fold(argument) }) else { return nil }
        self = match
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension CaseSource: NamedArgument {
    static var aliases: [String: CaseSource] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.chinese, $0) }) }
}

extension Priority: NamedArgument {
    static var aliases: [String: Priority] { ["一般": .normal, "紧急": .urgent] }
}

extension CaseStatus: NamedArgument {
    static var aliases: [String: CaseStatus] {
        Dictionary(allCases.map { (MessageTemplates.statusName($0), $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension Rating: NamedArgument {
    static var aliases: [String: Rating] { ["满意": .satisfied, "基本满意": .basicallySatisfied, "不满意": .dissatisfied] }
}

extension Feedback.Channel: NamedArgument {}
extension Referral.Destination: NamedArgument {}
extension ResponsibleUnit.Kind: NamedArgument {}
extension Person.Role: NamedArgument {}

extension CaseQuery.Order: NamedArgument {
    static var aliases: [String: CaseQuery.Order] { ["newest": .newestFirst, "oldest": .oldestFirst] }
}

/// A loop step by number (1–5) or name (collect, classifyAndDispose, …).
struct StepArgument: ExpressibleByArgument {
    var step: LoopStep

    init?(argument: String) {
        if let number = Int(argument), let step = LoopStep(rawValue: number) {
            self.step = step
            return
        }
        let names: [String: LoopStep] = [
            "collect": .collect, "classifyanddispose": .classifyAndDispose, "classify": .classifyAndDispose,
            "deliberate": .deliberate, "handleandfeedback": .handleAndFeedBack, "handle": .handleAndFeedBack,
            "evaluateandassess": .evaluateAndAssess, "evaluate": .evaluateAndAssess,
        ]
        let folded = argument.lowercased().filter { $0 != "-" && $0 != "_" }
        if let step = names[folded] ?? LoopStep.allCases.first(where: { $0.chinese == argument }) {
            self.step = step
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ["1", "2", "3", "4", "5", "collect", "classifyAndDispose", "deliberate", "handleAndFeedBack", "evaluateAndAssess"] }
}
