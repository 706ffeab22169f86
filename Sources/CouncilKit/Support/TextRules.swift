/// What text the council accepts, character by character: the rules every field is checked by, in CouncilKit and in
/// councild's handshake and call metadata.
///
/// * **Free text** (titles, descriptions, notes) keeps what people type, line breaks and tabs included, but not
///   other control characters, nor the characters that reorder how text is shown (bidirectional embeddings,
///   overrides and isolates, with which a title can display as something other than what it says). A required
///   text needs at least one visible character: spaces, zero-width characters and other invisible ones alone are
///   blank.
/// * **Identifiers** someone chose (an acting user, an external reference, a trace id, an idempotency key, a client
///   instance) are one line of visible characters: no control, format or separator characters other than the
///   ordinary space, and no space at either end.
///
/// Logs escape what they print of any of it (`CouncilLogHandler` in CouncilNode), so no input can forge a log line.
public enum TextRules {
    /// Whether `scalar` shows something: not whitespace, not a control or format character, not one of the
    /// characters Unicode says to ignore when displaying (zero-width spaces and joiners, the Hangul filler, variation
    /// selectors).
    public static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return false }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned, .surrogate: return false
        default: return true
        }
    }

    /// Whether `value` is a code — a client system, a community, a unit: 1 to `max` ASCII letters, digits and `-_.:`.
    public static func isCode(_ value: String, max: Int = 64) -> Bool {
        !value.isEmpty && value.count <= max
            && value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) }
    }

    /// Whether `scalar` reorders how the text around it is shown: U+202A–U+202E (embeddings and overrides) and
    /// U+2066–U+2069 (isolates).
    public static func isReordering(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Why `value` is not free text of at most `max` characters, in words that follow the field's name; `nil` when it
    /// is. Line breaks and tabs are kept; other control characters and the reordering ones are refused; a `required`
    /// text needs a visible character.
    public static func textProblem(_ value: String, max: Int, required: Bool) -> String? {
        if required, !value.unicodeScalars.contains(where: isVisible) { return "must not be blank: it has no visible character" }
        if value.count > max { return "is \(value.count) characters long; at most \(max) are allowed" }
        for scalar in value.unicodeScalars where scalar != "\n" && scalar != "\t" && scalar != "\r" {
            if scalar.properties.generalCategory == .control || isReordering(scalar) { return "contains \(name(scalar)); remove it" }
        }
        return nil
    }

    /// Why `value` is not an identifier of at most `max` characters, in words that follow the field's name ("is
    /// empty", "contains U+000A (a control character)"); `nil` when it is one.
    public static func identifierProblem(_ value: String, max: Int) -> String? {
        if value.count > max { return "is \(value.count) characters long; at most \(max) are allowed" }
        if !value.unicodeScalars.contains(where: isVisible) { return "must not be blank: it has no visible character" }
        for scalar in value.unicodeScalars where scalar != " " && !isVisible(scalar) {
            return "contains \(name(scalar)); use one line of visible characters"
        }
        if value.first == " " || value.last == " " { return "begins or ends with a space" }
        return nil
    }

    /// `U+000A (a control character)`: how an error names a character it refuses, without printing it.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        let kind: String
        if isReordering(scalar) {
            kind = "a character that reorders how text is shown"
        } else {
            switch scalar.properties.generalCategory {
            case .control: kind = "a control character"
            case .format: kind = "an invisible formatting character"
            case .lineSeparator, .paragraphSeparator: kind = "a line separator"
            default: kind = scalar.properties.isWhitespace ? "a space other than U+0020" : "an invisible character"
            }
        }
        return "\(code) (\(kind))"
    }
}
