import CouncilKit

/// Shared test material: the demo directory, a fixed clock, principals and submissions.
public enum CouncilFixtures {
    /// Monday 2026-11-30 09:00 in Zhangjiakou (01:00 UTC).
    public static let monday = Timestamp(millisecondsSince1970: 1_796_000_400_000)

    /// The demo directory for Qiaoxi.
    public static func directory() throws -> Directory {
        try DirectorySeed.qiaoxiDemo().directory()
    }

    /// The demo seed's calendar with the standard policy.
    public static func configuration() throws -> CaseService.Configuration {
        CaseService.Configuration(policy: .standard, calendar: try DirectorySeed.qiaoxiDemo().calendar ?? WorkCalendar())
    }

    /// A service over `store` with the demo directory and a manual clock that starts at ``monday``.
    public static func service(on store: any CaseStore, clock: ManualClock = ManualClock(monday)) throws -> CaseService {
        CaseService(store: store, directory: try directory(), configuration: try configuration(), clock: clock)
    }

    /// Hall staff.
    public static let staff = Principal(system: "hall-staff", user: "HS01")
    /// The petition office's system.
    public static let petitionOffice = Principal(system: "petition-office")
    /// The grid-management platform.
    public static let gridPlatform = Principal(system: "grid-platform")
    /// A responsible unit's user.
    public static let unitUser = Principal(system: "unit-portal", user: "UM")

    /// A walk-in submission for community QX01.
    public static func walkIn(_ title: String = "小区垃圾清运不及时", description: String = "三号楼东侧垃圾站已经三天没有清运，气味很大。", community: String = "QX01", category: String? = "environment") -> Submission {
        Submission(
            title: title, description: description, source: .walkIn, community: community, category: category,
            location: CaseLocation(compound: "\(community)-C1", description: "3号楼东侧垃圾站"),
            submitter: PersonalData(name: "张三", phone: "13812345678", address: "示例社区01第1小区3号楼2单元501"))
    }

    /// A grid platform report with an external reference; the community comes from the grid cell.
    public static func gridReport(_ reference: String, title: String = "井盖缺失") -> Submission {
        Submission(
            title: title, description: "路口井盖缺失，存在安全隐患。", source: .gridPlatform, category: "safety",
            location: CaseLocation(gridCell: "130703001001", latitude: 40.81, longitude: 114.87),
            externalReference: ExternalReference(system: "grid-platform", reference: reference),
            attachments: ["photo://grid/\(reference)/1.jpg"])
    }
}
