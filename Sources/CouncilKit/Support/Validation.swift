/// Input checks shared by every operation: clear errors that name the field, before anything is written.
enum Validate {
    /// Free text: at most `max` characters, no control characters other than tab and line breaks, and (when
    /// required) not blank.
    static func text(_ value: String, _ field: String, max: Int, required: Bool = true) throws {
        if required, value.allSatisfy(\.isWhitespace) {
            throw CouncilError.invalid(field, "\(field) must not be empty")
        }
        if value.count > max {
            throw CouncilError.invalid(field, "\(field) is \(value.count) characters long; at most \(max) are allowed")
        }
        for scalar in value.unicodeScalars where scalar.properties.generalCategory == .control {
            if scalar == "\n" || scalar == "\t" || scalar == "\r" { continue }
            throw CouncilError.invalid(field, "\(field) contains the control character U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
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
        if let user = principal.user { try text(user, "principal.user", max: 128) }
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
