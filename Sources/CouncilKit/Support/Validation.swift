/// Input checks shared by every operation: clear errors that name the field, before anything is written.
enum Validate {
    /// Free text: at most `max` characters; no control characters other than tab and line breaks, and none of the
    /// characters that reorder how text is shown (``TextRules/isReordering(_:)``); and, when required, at least one
    /// visible character (``TextRules/isVisible(_:)``).
    static func text(_ value: String, _ field: String, max: Int, required: Bool = true) throws {
        if required, !value.unicodeScalars.contains(where: TextRules.isVisible) {
            throw CouncilError.invalid(field, "\(field) must not be blank: it has no visible character")
        }
        if value.count > max {
            throw CouncilError.invalid(field, "\(field) is \(value.count) characters long; at most \(max) are allowed")
        }
        for scalar in value.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || scalar == "\r" { continue }
            if scalar.properties.generalCategory == .control || TextRules.isReordering(scalar) {
                throw CouncilError.invalid(field, "\(field) contains \(TextRules.name(scalar)); remove it")
            }
        }
    }

    /// A name or identifier someone typed — an acting user, an external reference: see
    /// ``TextRules/identifierProblem(_:max:)``.
    static func identifier(_ value: String, _ field: String, max: Int) throws {
        if let problem = TextRules.identifierProblem(value, max: max) { throw CouncilError.invalid(field, "\(field) \(problem)") }
    }

    /// Optional free text: checked when present.
    static func text(_ value: String?, _ field: String, max: Int) throws {
        if let value { try text(value, field, max: max, required: false) }
    }

    /// A code or identifier: 1–64 ASCII letters, digits and `-_.:`, nothing else.
    static func code(_ value: String, _ field: String) throws {
        guard !value.isEmpty, value.count <= 64,
            value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) })
        else {
            throw CouncilError.invalid(field, "\(field) must be 1–64 ASCII letters, digits or -_.: characters")
        }
    }

    /// A principal: the system must be a code.
    static func principal(_ principal: Principal) throws {
        try code(principal.system, "principal.system")
        if let user = principal.user { try identifier(user, "principal.user", max: 128) }
    }

    /// Personal data: bounded lengths, phone made of digits and separators.
    static func personalData(_ data: PersonalData, _ field: String) throws {
        try text(data.name, "\(field).name", max: 64)
        try text(data.address, "\(field).address", max: 200)
        try text(data.idNumber, "\(field).idNumber", max: 32)
        if let phone = data.phone {
            let digits = phone.filter(\.isNumber).count
            guard digits >= 3, phone.count <= 24, phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ()".contains($0)) }) else {
                throw CouncilError.invalid("\(field).phone", "\(field).phone must be a phone number of digits, spaces and + - ( )")
            }
        }
    }
}
