import CouncilKit
import Testing

@Suite("Text rules: free text keeps what people type, identifiers are one visible line, blank is refused")
struct TextRulesTests {
    static func submission(title: String, reference: String? = nil) -> Submission {
        Submission(
            title: title, description: "", source: .walkIn, community: "QX02", category: "other",
            externalReference: reference.map { ExternalReference(system: "hall-staff", reference: $0) })
    }

    /// Titles a resident might type: all kept as typed.
    @Test("free text keeps what people type", arguments: [
        "楼道灯不亮", "三号楼\n二单元\t楼道灯不亮", "电梯坏了👨‍👩‍👧 一家人爬楼", "Café 门口积水", "العربية 门牌", "  前后有空格  ",
    ])
    func freeTextKept(_ title: String) async throws {
        let h = try Harness()
        let registered = try await h.service.submit(Self.submission(title: title), by: staff)
        #expect(registered.case.submission.title == title)
    }

    /// Titles that must be refused, each with the reason the refusal gives.
    @Test("free text refuses blank text, control characters and characters that reorder the display", arguments: [
        ("", "blank"), ("   ", "blank"), ("\u{200B}\u{200D}\u{2060}", "blank"), ("\u{3164}\u{FEFF}", "blank"),
        ("\u{202E}txt.exe 楼道灯", "reorders"), ("楼道\u{2066}灯\u{2069}", "reorders"), ("楼道\u{7}灯", "control"),
        ("楼道\u{85}灯", "control"), ("楼道\u{1B}[31m灯", "control"),
    ])
    func freeTextRefused(_ title: String, _ reason: String) async throws {
        let h = try Harness()
        let error = await #expect(throws: CouncilError.self) { try await h.service.submit(Self.submission(title: title), by: staff) }
        #expect(error?.code == .invalidArgument && error?.field == "submission.title")
        #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
        #expect(try await h.store.latestSequence() == 0, "nothing was written")
    }

    @Test("an acting user and an external reference are one line of visible characters", arguments: [
        "HS01\nforged", "HS01\u{202E}", "\u{200B}", "HS01 ", " HS01", "HS\u{2028}01", "HS\u{00A0}01",
    ])
    func identifiersRefused(_ value: String) async throws {
        let h = try Harness()
        let asUser = await #expect(throws: CouncilError.self) {
            try await h.service.submit(Self.submission(title: "楼道灯不亮"), by: Principal(system: "hall-staff", user: value))
        }
        #expect(asUser?.field == "principal.user")
        let asReference = await #expect(throws: CouncilError.self) {
            try await h.service.submit(Self.submission(title: "楼道灯不亮", reference: value), by: staff)
        }
        #expect(asReference?.field == "submission.externalReference.reference")
        #expect(try await h.store.latestSequence() == 0)
    }

    @Test("visible, reordering and identifier rules, character by character")
    func rules() {
        #expect(TextRules.isVisible("张") && TextRules.isVisible("a") && TextRules.isVisible("😀"))
        #expect(!TextRules.isVisible(" ") && !TextRules.isVisible("\u{200B}") && !TextRules.isVisible("\u{3000}"))
        #expect(TextRules.isReordering("\u{202E}") && TextRules.isReordering("\u{2067}") && !TextRules.isReordering("\u{200F}"))
        #expect(TextRules.identifierProblem("张三 HS-01", max: 128) == nil)
        #expect(TextRules.identifierProblem("HS\n01", max: 128) == "contains U+000A (a control character); use one line of visible characters")
        #expect(TextRules.name("\u{202E}") == "U+202E (a character that reorders how text is shown)")
    }
}

@Suite("Search for emoji and symbols follows the documented rule")
struct SymbolSearchTests {
    @Test("a text made only of emoji, symbols or punctuation is refused, naming query.text and the rule", arguments: [
        "👍", "★", "！？", "👨‍👩‍👧", "¥", "→←", "🏠 ☎",
    ])
    func refused(_ text: String) async throws {
        let h = try Harness()
        let error = await #expect(throws: CouncilError.self) { try await h.service.find(CaseQuery(text: text)) }
        #expect(error?.code == .invalidArgument && error?.field == "query.text")
        #expect(error?.message.contains("ignores emoji, symbols and punctuation") == true)
    }

    @Test("emoji and symbols beside words are ignored: the words are searched")
    func besideWords() async throws {
        let h = try Harness()
        let registered = try await h.service.submit(
            Submission(title: "👍 楼道灯★不亮", description: "", source: .walkIn, community: "QX02", category: "other"), by: staff)
        #expect(try await h.service.find(CaseQuery(text: "👍 楼道灯")).cases.map(\.id) == [registered.case.id])
        #expect(try await h.service.find(CaseQuery(text: "灯★不亮")).cases.isEmpty, "★ separates words, as a space would")
    }
}
