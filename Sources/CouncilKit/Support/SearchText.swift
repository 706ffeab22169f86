import Foundation

/// Turns text into the tokens full-text search matches on, so every store searches Chinese the same way.
///
/// Runs of Han characters become overlapping bigrams (小区垃圾 → 小区 区垃 垃圾), as Lucene's CJK analyzer does,
/// so two-character words such as 垃圾, 停车, 噪音 and 物业 are found; a lone Han character stands as itself.
/// Runs of letters and digits become lowercase words. Everything else separates tokens.
///
/// Text is put in Unicode normal form C first, so a character written as a compatibility ideograph (豈 U+F900) or
/// with a separate accent mark matches its usual form in every store.
///
/// A query matches a text when the query's tokens occur consecutively in the text's tokens: for Chinese this is
/// "contains the query as a substring", for Latin script "contains these whole words in this order". A query
/// of one Han character matches any text containing that character.
public enum SearchText {
    /// The tokens of `text`, in order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var han: [Character] = []
        var word = ""

        func flushHan() {
            if han.count == 1 {
                tokens.append(String(han[0]))
            } else if han.count > 1 {
                for i in 0..<(han.count - 1) { tokens.append(String(han[i]) + String(han[i + 1])) }
            }
            han.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if !word.isEmpty { tokens.append(word.lowercased()) }
            word = ""
        }

        for character in text.precomposedStringWithCanonicalMapping {
            if isHan(character) {
                flushWord()
                han.append(character)
            } else if character.isLetter || character.isNumber {
                flushHan()
                word.append(character)
            } else {
                flushHan()
                flushWord()
            }
        }
        flushHan()
        flushWord()
        return tokens
    }

    /// Whether `query` occurs in `text` under the matching rule above.
    public static func matches(query: String, in text: String) -> Bool {
        let needle = tokens(query)
        guard !needle.isEmpty else { return false }
        if needle.count == 1, let only = needle.first, only.count == 1, let character = only.first, isHan(character) {
            return text.contains(character)
        }
        let haystack = tokens(text)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// The text of a case that search covers: its title and description (never personal data).
    public static func searchableText(of submission: Submission) -> String {
        submission.title + "\n" + submission.description
    }

    /// Whether `character` is a Han ideograph (CJK Unified Ideographs and their extensions, compatibility ideographs).
    public static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
