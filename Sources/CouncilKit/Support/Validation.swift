/// Input checks shared by every operation: clear errors that name the field, before anything is written.
enum Validate {
    /// Free text checked against `limit` (``TextRules/textProblem(_:max:required:)``), naming `field` when refused.
    static func text(_ value: String, _ field: String, _ limit: FieldLimit, required: Bool = true) throws {
        if let problem = TextRules.textProblem(value, max: limit.maxCharacters, required: required) {
            throw CouncilError.invalid(field, "\(field) \(problem)")
        }
    }

    /// A name or identifier someone chose — an acting user, an external reference: see
    /// ``TextRules/identifierProblem(_:max:)``.
    static func identifier(_ value: String, _ field: String, _ limit: FieldLimit) throws {
        if let problem = TextRules.identifierProblem(value, max: limit.maxCharacters) {
            throw CouncilError.invalid(field, "\(field) \(problem)")
        }
    }

    /// Optional free text: checked when present.
    static func text(_ value: String?, _ field: String, _ limit: FieldLimit) throws {
        if let value { try text(value, field, limit, required: false) }
    }

    /// A code or identifier: 1–64 ASCII letters, digits and `-_.:`, nothing else.
    static func code(_ value: String, _ field: String) throws {
        guard TextRules.isCode(value) else {
            throw CouncilError.invalid(field, "\(field) must be 1–64 ASCII letters, digits or -_.: characters")
        }
    }

    /// A principal: the system must be a code.
    static func principal(_ principal: Principal) throws {
        try code(principal.system, "principal.system")
        if let user = principal.user { try identifier(user, "principal.user", TextLimits.principalUser) }
    }

    /// Personal data: bounded lengths, phone made of digits and separators.
    static func personalData(_ data: PersonalData, _ field: String) throws {
        try text(data.name, "\(field).name", TextLimits.personName)
        try text(data.address, "\(field).address", TextLimits.address)
        try text(data.idNumber, "\(field).idNumber", TextLimits.idNumber)
        if let phone = data.phone {
            let digits = phone.filter(\.isNumber).count
            guard digits >= 3, phone.count <= 24, phone.allSatisfy({ $0.isASCII && ($0.isNumber || "+- ()".contains($0)) }) else {
                throw CouncilError.invalid("\(field).phone", "\(field).phone must be a phone number of digits, spaces and + - ( )")
            }
        }
    }
}
