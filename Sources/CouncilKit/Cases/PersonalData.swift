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

    /// The same record with every field masked: 张*, 138****5678, the address cut to its first characters,
    /// the ID number to its first and last characters.
    public func masked() -> PersonalData {
        PersonalData(
            name: name.map(Self.maskName), phone: phone.map(Self.maskPhone),
            address: address.map(Self.maskAddress), idNumber: idNumber.map(Self.maskIDNumber))
    }

    /// 张三 → 张*, 欧阳娜娜 → 欧***, Alice → A****.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    /// 13812345678 → 138****5678; shorter numbers keep at most their last two characters.
    public static func maskPhone(_ phone: String) -> String {
        let characters = Array(phone)
        if characters.count >= 11 {
            return String(characters.prefix(3)) + "****" + String(characters.suffix(4))
        }
        return String(repeating: "*", count: max(0, characters.count - 2)) + String(characters.suffix(2))
    }

    /// Keeps the first six characters (district and street level), masks the rest.
    public static func maskAddress(_ address: String) -> String {
        String(address.prefix(6)) + (address.count > 6 ? "****" : "")
    }

    /// 130703199001011234 → 1****************4.
    public static func maskIDNumber(_ number: String) -> String {
        guard number.count > 2 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(1)) + String(repeating: "*", count: number.count - 2) + String(number.suffix(1))
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
    /// The case with its submitter's personal data masked (张*, 138****5678), for callers without the right to see it.
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
