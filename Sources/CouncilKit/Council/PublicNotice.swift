import Foundation

/// Removes personal data from text meant for the public: the known names, phones, addresses and ID numbers of the
/// people concerned, and anything that looks like a phone or ID number.
public struct Redactor: Sendable {
    private let known: [String]
    private let knownNumbers: Set<String>

    /// A redactor for the personal data of these people.
    public init(_ people: [PersonalData]) {
        known = people.flatMap { [$0.name, $0.phone, $0.address, $0.idNumber] }.compactMap { $0 }
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .sorted { $0.count > $1.count }  // longer first, so an address goes before a name inside it
        knownNumbers = Set(people.flatMap { [$0.phone, $0.idNumber] }.compactMap { $0?.filter(\.isNumber) }.filter { $0.count >= 3 })
    }

    /// `text` with every known value replaced by `***`, and every number that could be a phone or ID number —
    /// seven or more digits, possibly grouped by single spaces or dashes, with an ID number's final X — replaced
    /// by `***`. Dates written `2026-12-05` are kept.
    public func redact(_ text: String) -> String {
        var result = text
        for value in known { result = result.replacingOccurrences(of: value, with: "***") }
        let characters = Array(result)
        var output = ""
        var i = 0
        while i < characters.count {
            guard characters[i].isASCII, characters[i].isNumber else {
                output.append(characters[i])
                i += 1
                continue
            }
            // A run of digits, allowing single spaces or dashes between groups.
            var end = i
            var digits = ""
            while end < characters.count {
                if characters[end].isASCII, characters[end].isNumber {
                    digits.append(characters[end])
                    end += 1
                } else if characters[end] == " " || characters[end] == "-", end + 1 < characters.count,
                    characters[end + 1].isASCII, characters[end + 1].isNumber
                {
                    end += 1
                } else {
                    break
                }
            }
            var run = String(characters[i..<end])
            if end < characters.count, characters[end] == "X" || characters[end] == "x", digits.count == 17 {
                end += 1
                run.append("X")
            }
            let groups = run.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            let isDate = groups.count == 3 && groups[0] == 4 && (1...2).contains(groups[1]) && (1...2).contains(groups[2])
            if (digits.count >= 7 && !isDate) || knownNumbers.contains(digits) {
                output += "***"
            } else {
                output += run
            }
            i = end
        }
        return output
    }
}

extension MeetingService {
    /// The public notice (公示) of a held meeting's outcomes, as plain Chinese text for the notice board.
    ///
    /// Names the community, date, place and format, and each agenda item's topic and outcome — decision,
    /// responsible unit, deadline and vote — with every submitter's personal data and anything that looks like a
    /// phone or ID number removed. Attendees are counted, not named.
    /// - Throws: ``CouncilError/Code/failedPrecondition`` when the meeting has not been held.
    public func publicNotice(_ id: String) async throws -> String {
        let meeting = try await meeting(id)
        guard meeting.status == .held, let heldAt = meeting.heldAt else {
            throw CouncilError(.failedPrecondition, "meeting \(id) has not been held; only outcomes are made public")
        }
        var people: [PersonalData] = []
        for caseID in meeting.caseIDs {
            if let submitter = try await store.fetch(caseID)?.submission.submitter { people.append(submitter) }
        }
        let redactor = Redactor(people)
        let calendar = cases.calendar
        func day(_ t: Timestamp) -> String {
            let d = calendar.localDate(of: t)
            return "\(d.year)年\(d.month)月\(d.day)日"
        }
        // A deadline at midnight ends the day before it (24:00), as every due time does.
        func endDay(_ t: Timestamp) -> String { day(Timestamp(millisecondsSince1970: t.millisecondsSince1970 - 1)) }
        let community = directory.communities[meeting.community]?.name ?? meeting.community
        let place: String = {
            switch meeting.placeKind {
            case .hall: return "议事厅"
            case .corridor: return "议事廊"
            case .pavilion: return "议事亭"
            case .other: return "议事场所"
            }
        }()
        let format: String = {
            switch meeting.format {
            case .jointMeeting: return "联席会"
            case .heartToHeartTalk: return "恳谈会"
            case .coordinationMeeting: return "协调会"
            case .other: return "议事会议"
            }
        }()
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var lines = [
            "议事结果公示", "",
            "\(community)居民议事厅于\(day(heldAt))在\(place)（\(redactor.redact(meeting.placeName))）召开\(format)，"
                + "参会\(meeting.attendees.count + meeting.residentCount)人。现将议事结果公示如下：", "",
        ]
        for (i, item) in meeting.agenda.enumerated() {
            let number = i < numerals.count ? numerals[i] : "\(i + 1)"
            lines.append("\(number)、\(redactor.redact(item.topic))")
            switch item.outcome {
            case .resolution(let resolution)?:
                lines.append("    决议：\(redactor.redact(resolution.decision))")
                let unit = resolution.responsibleUnit.map { directory.units[$0]?.name ?? $0 } ?? "\(community)"
                lines.append("    责任单位：\(unit)")
                lines.append("    完成时限：\(endDay(resolution.deadline))")
                if let vote = resolution.vote {
                    lines.append("    表决：同意\(vote.inFavour)票，反对\(vote.against)票，弃权\(vote.abstaining)票")
                }
            case .deferred(let reason)?:
                lines.append("    结果：暂缓议决，下次会议继续协商。理由：\(redactor.redact(reason))")
            case .noConsensus?:
                lines.append("    结果：未形成一致意见，由社区另行研究处置。")
            case nil:
                lines.append("    结果：已听取意见，未作决议。")
            }
        }
        lines += ["", "公示期内如有异议，请向\(community)居民议事厅反映。", "", "\(community)居民议事厅", day(heldAt)]
        return lines.joined(separator: "\n")
    }
}
