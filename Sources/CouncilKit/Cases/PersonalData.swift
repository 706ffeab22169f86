/// A submitter's personal information (个人信息): name, phone, address and identity-document number.
///
/// Personal information under PIPL: stored only with the case it belongs to, never logged, and masked for
/// callers without the right to see it. `description`, `debugDescription` and reflection print the masked form,
/// so interpolating a value into a log line cannot leak it.
public struct PersonalData: Hashable, Sendable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The person's name, for example 张三.
    public var name: String?
    /// A phone number, for example 13812345678.
    public var phone: String?
    /// A postal address or household, when it is the person's own.
    public var address: String?
    /// An identity-document number.
    public var idNumber: String?

    /// Creates a record of personal data.
    public init(name: String? = nil, phone: String? = nil, address: String? = nil, idNumber: String? = nil) {
        self.name = name
        self.phone = phone
        self.address = address
        self.idNumber = idNumber
    }

    /// Whether no field is set.
    public var isEmpty: Bool { name == nil && phone == nil && address == nil && idNumber == nil }

    /// The same record with every field masked to a fixed shape that says nothing of the value's length: 张**,
    /// 138****5678, the address cut to its first characters, the ID number to its first and last characters.
    public func masked() -> PersonalData {
        PersonalData(
            name: name.map(Self.maskName), phone: phone.map(Self.maskPhone),
            address: address.map(Self.maskAddress), idNumber: idNumber.map(Self.maskIDNumber))
    }

    /// The mask of everything hidden: the same four stars whatever the length behind them.
    static let hidden = "****"

    /// The first character and two stars, whatever the length: 张三 → 张**, 欧阳娜娜 → 欧**, Alice → A**.
    public static func maskName(_ name: String) -> String {
        (name.first.map(String.init) ?? "") + "**"
    }

    /// A mobile number (11 characters or more) keeps its first three and last four characters, 13812345678 →
    /// 138****5678; a shorter number only its last two, 8123456 → ****56.
    public static func maskPhone(_ phone: String) -> String {
        let characters = Array(phone)
        if characters.count >= 11 {
            return String(characters.prefix(3)) + hidden + String(characters.suffix(4))
        }
        return hidden + String(characters.suffix(2))
    }

    /// An address longer than eight characters keeps its first six (district and street level), 桥西区东窑子镇幸福里3号
    /// → 桥西区东窑子****; a shorter one shows nothing, ****.
    public static func maskAddress(_ address: String) -> String {
        address.count > 8 ? String(address.prefix(6)) + hidden : hidden
    }

    /// Keeps the first and last characters of a number of six or more, 130703199001011234 → 1****4; a shorter one
    /// shows nothing, ****.
    public static func maskIDNumber(_ number: String) -> String {
        number.count >= 6 ? String(number.prefix(1)) + hidden + String(number.suffix(1)) : hidden
    }

    public var description: String {
        let m = masked()
        let parts = [m.name.map { "name: \($0)" }, m.phone.map { "phone: \($0)" },
                     m.address.map { "address: \($0)" }, m.idNumber.map { "idNumber: \($0)" }]
        return "PersonalData(" + parts.compactMap { $0 }.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["masked": description]) }
}

extension CouncilCase {
    /// The case with its submitter's personal data masked (张**, 138****5678), for callers without the right to see it.
    public func maskingPersonalData() -> CouncilCase {
        var copy = self
        copy.submission.submitter = submission.submitter?.masked()
        return copy
    }
}

extension CaseEvent {
    /// The event with any personal data it carries masked, for callers without the right to see it.
    public func maskingPersonalData() -> CaseEvent {
        guard case .submitted(var intake) = change, let submitter = intake.submission.submitter else { return self }
        var copy = self
        intake.submission.submitter = submitter.masked()
        copy.change = .submitted(intake)
        return copy
    }
}
