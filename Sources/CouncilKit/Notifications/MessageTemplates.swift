/// Chinese message templates with `{placeholder}`s, and how they are filled in.
///
/// A template is chosen by the event's topic and the recipient's kind: `TOPIC.KIND` (`dispatched.unit`), then
/// `TOPIC` (`deadlineAlert.overdue`), then `default.KIND`, then `default`. A routing rule may name one instead.
///
/// Placeholders: `{caseNumber}`, `{title}`, `{community}` (its name), `{unit}` (the responsible unit's name),
/// `{due}` (the due time the event sets or the running clock's, in local time), `{event}` (what happened, in
/// Chinese), `{status}`, `{reason}`, `{message}` (what the submitter is to be told), `{summary}` and `{report}` (the
/// result and completion report), `{organization}` (where a case was referred), `{decision}` (a meeting's
/// resolution), `{recipient}` (the recipient's name) and `{submitterName}`.
///
/// `{submitterName}` is personal data: it is filled in only when the recipient is the submitter, and reads 居民
/// (resident) in every other message and in ``CaseNotification/logSafeMessage``. No other placeholder carries
/// personal data; the submitter's phone number and address have none.
public struct MessageTemplates: Hashable, Sendable {
    /// Templates by key.
    public var templates: [String: String]

    /// Creates a set of templates.
    public init(_ templates: [String: String]) {
        self.templates = templates
    }

    /// The standard templates, overridden by `overrides`.
    public init(overriding overrides: [String: String]) {
        self.templates = Self.standard.templates.merging(overrides) { $1 }
    }

    /// Every placeholder a template may use.
    public static let placeholders: Set<String> = [
        "caseNumber", "title", "community", "unit", "due", "event", "status", "reason", "message", "summary", "report",
        "organization", "decision", "recipient", "submitterName",
    ]

    /// The placeholder that carries personal data.
    public static let personalPlaceholder = "submitterName"

    /// The standard templates.
    public static let standard = MessageTemplates([
        "default": "案件{caseNumber}“{title}”{event}。",
        "default.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）{event}。",
        "submitted.submitter": "{submitterName}您好，您反映的“{title}”已登记，案件编号{caseNumber}，我们将于{due}前答复是否受理。",
        "accepted.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）已受理，办理期限至{due}。",
        "declined.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）不予受理，原因：{reason}。",
        "referred.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）已转送{organization}，原因：{reason}。",
        "merged.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）与已登记的同类问题合并办理，办理结果将一并告知。",
        "extensionApproved.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）办理期限延长至{due}，原因：{message}。",
        "feedbackRecorded.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）已办结：{summary}。请于{due}前评价：满意、基本满意或不满意。",
        "reworkStarted.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）将重新办理，办理期限至{due}。",
        "closed.submitter": "{submitterName}您好，您反映的“{title}”（{caseNumber}）已结案，感谢您参与社区议事。",
        "dispatched.unit": "{unit}：{community}议事厅交办案件{caseNumber}“{title}”，请于{due}前办结并反馈。",
        "deliberated.unit": "{unit}：{community}居民议事会就案件{caseNumber}“{title}”形成决议：{decision}，请于{due}前办结。",
        "reworkStarted.unit": "{unit}：案件{caseNumber}“{title}”需返工，原因：{reason}，请于{due}前重新办结。",
        "extensionApproved.unit": "{unit}：案件{caseNumber}“{title}”延期已批准，办理期限至{due}。",
        "extensionDenied.unit": "{unit}：案件{caseNumber}“{title}”延期未获批准，原因：{reason}，请于{due}前办结。",
        "accepted.system": "案件{caseNumber}“{title}”已受理，办理期限至{due}。",
        "declined.system": "案件{caseNumber}“{title}”不予受理，原因：{reason}。",
        "referred.system": "案件{caseNumber}“{title}”已转送{organization}，原因：{reason}。",
        "merged.system": "案件{caseNumber}“{title}”与已登记的同类问题合并办理，办理进展请查看合并后的案件。",
        "resolved.system": "案件{caseNumber}“{title}”已办结：{summary}。办结报告：{report}",
        "closed.system": "案件{caseNumber}“{title}”已结案。",
        "deadlineAlert.dueSoon": "{recipient}：案件{caseNumber}“{title}”将于{due}到期，请抓紧办理。",
        "deadlineAlert.overdue": "{recipient}：案件{caseNumber}“{title}”已于{due}超期，请尽快办结。",
        "deadlineAlert.supervision": "{recipient}：案件{caseNumber}“{title}”超期未办结（期限{due}），已提请包联领导督办。",
        "deadlineAlert.supervision.leader": "{recipient}：{community}案件{caseNumber}“{title}”超期未办结（期限{due}，责任单位{unit}），请予督办。",
    ])

    /// The template for `topic` and `kind`, following the lookup order above; `nil` when not even `default` exists.
    public func template(topic: String, kind: Recipient.Kind) -> (key: String, text: String)? {
        for key in ["\(topic).\(kind.rawValue)", topic, "default.\(kind.rawValue)", "default"] {
            if let text = templates[key] { return (key, text) }
        }
        return nil
    }

    /// Fills in `template`.
    ///
    /// - Parameters:
    ///   - template: The template text.
    ///   - values: Values by placeholder; a placeholder without a value reads —.
    /// - Returns: The message.
    public static func render(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if placeholders.contains(name) {
                result += values[name] ?? "—"
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// Checks that a template uses known placeholders only and closes every brace.
    /// - Throws: ``CouncilError/Code/invalidArgument`` naming `field`.
    public static func check(_ template: String, field: String) throws {
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw CouncilError.invalid(field, "a { is not closed")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard placeholders.contains(name) else {
                throw CouncilError.invalid(field, "unknown placeholder {\(name)}")
            }
            rest = rest[rest.index(after: close)...]
        }
    }

    /// What happened, in Chinese, for `{event}`.
    public static func eventName(_ change: CaseChange) -> String {
        switch change {
        case .submitted: return "已登记"
        case .accepted: return "已受理"
        case .declined: return "不予受理"
        case .referred: return "已转送"
        case .dispatched: return "已派遣"
        case .handledLocally: return "由社区即办"
        case .returned: return "被退回"
        case .merged: return "已合并为重复件"
        case .scheduledForDeliberation: return "已列入议事会议程"
        case .deliberated: return "已协商议事"
        case .progressAdded: return "有新的办理进展"
        case .extensionRequested: return "申请延期"
        case .extensionApproved: return "延期已批准"
        case .extensionDenied: return "延期未获批准"
        case .resolved: return "已办结"
        case .feedbackRecorded: return "已反馈办理结果"
        case .evaluated: return "已评价"
        case .reworkStarted: return "已返工"
        case .verified(let verification, _): return verification.passed ? "已核查通过" : "核查未通过"
        case .closed: return "已结案"
        case .withdrawn: return "已撤回"
        case .closedUnrated: return "逾期未评价，已结案"
        case .deadlineAlert(let alert):
            switch alert.level {
            case .dueSoon: return "即将到期"
            case .overdue: return "已超期"
            case .supervision: return "超期督办"
            }
        }
    }

    /// A status in Chinese, for `{status}`.
    public static func statusName(_ status: CaseStatus) -> String {
        switch status {
        case .submitted: return "已登记"
        case .accepted: return "已受理"
        case .dispatched: return "已派遣"
        case .awaitingDeliberation: return "待议事"
        case .referred: return "已转送"
        case .declined: return "不予受理"
        case .merged: return "已合并"
        case .inProgress: return "办理中"
        case .resolved: return "已办结"
        case .awaitingEvaluation: return "待评价"
        case .evaluated: return "已评价"
        case .reopened: return "返工中"
        case .closed: return "已结案"
        case .withdrawn: return "已撤回"
        }
    }
}
