import CouncilKit

/// The cases of the benchmarks: realistic Chinese titles and descriptions, spread over the demo directory's 44
/// communities and their compounds, and the queries run against them.
enum Corpus {
    static let communities = (1...44).map { "QX" + ($0 < 10 ? "0" : "") + String($0) }

    /// Problems residents bring, with the category the hall files them under.
    static let problems: [(title: String, category: String, detail: String)] = [
        ("小区垃圾清运不及时", "environment", "垃圾站已经三天没有清运，气味很大"),
        ("垃圾分类设施损坏", "environment", "分类垃圾桶盖子坏了，野猫翻找垃圾"),
        ("楼道堆放杂物", "safety", "楼道里堆满纸箱和旧家具，影响消防通道"),
        ("楼下停车难", "parking", "晚上车位不够，车辆乱停堵住出口"),
        ("僵尸车长期占用车位", "parking", "一辆无牌车停了半年没人管"),
        ("夜间施工噪音扰民", "noise", "工地夜里十一点以后还在施工"),
        ("广场舞音量过大", "noise", "广场舞音响声音太大，影响老人休息"),
        ("物业费收费标准不透明", "property", "物业费上涨没有公示，业主要求说明"),
        ("物业服务不到位", "property", "保洁不按时打扫，门禁经常坏"),
        ("暖气不热", "heating", "室温只有十四度，家里有老人孩子"),
        ("暖气管道漏水", "heating", "暖气管道接口漏水，楼下天花板渗水"),
        ("路灯不亮", "infrastructure", "小区主路路灯坏了两个月，晚上出行不安全"),
        ("道路坑洼积水", "infrastructure", "路面塌陷，下雨后积水很深"),
        ("电梯经常故障", "infrastructure", "电梯每周停运好几次，老人上下楼困难"),
        ("自来水水压低", "infrastructure", "高层住户早晚用水高峰没有水"),
        ("邻里漏水纠纷", "dispute", "楼上卫生间漏水，协商多次没有结果"),
        ("违规饲养犬只", "safety", "大型犬不拴绳，吓到小孩"),
        ("高空抛物", "safety", "有人从楼上往下扔垃圾，险些砸到行人"),
        ("独居老人需要照料", "elderly", "独居老人行动不便，希望有人定期探望"),
        ("老年食堂就餐不便", "elderly", "老年食堂离得远，希望增加送餐服务"),
        ("绿化带被占用种菜", "environment", "有住户在绿化带里种菜，影响环境"),
        ("充电桩数量不足", "parking", "电动车没有地方充电，有人私拉电线"),
        ("井盖缺失", "safety", "人行道上井盖丢了，用砖头临时挡着"),
        ("下水道堵塞", "infrastructure", "单元下水道堵了，污水反到一楼"),
    ]
    static let times = ["最近一周", "这个月以来", "入冬以来", "已经很长时间", "从上个月开始", "每天早上"]
    static let asks = ["请尽快处理", "希望社区协调解决", "请相关部门来看看", "居民多次反映，请给个答复", "希望议事会讨论一下"]
    /// Words searched for: common ones and rarer ones.
    static let searchTerms = ["垃圾", "停车", "噪音", "物业费", "暖气", "漏水", "电梯", "路灯", "井盖", "充电桩", "老人", "施工"]
    static let sources: [CaseSource] = [.walkIn, .meeting, .representative, .gridPlatform, .petitionOffice, .app, .walkIn, .app]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙马朱胡郭")

    /// The `i`-th case of the data set (the same `i` always gives the same submission).
    static func submission(_ i: Int) -> Submission {
        var random = Xorshift(seed: UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        return submission(random: &random, reference: nil, index: i)
    }

    /// A random submission, as the petition office sends it when `reference` is given.
    static func submission(random: inout Xorshift, reference: String?, index: Int? = nil) -> Submission {
        let community = communities[index.map { $0 % communities.count } ?? random.index(communities.count)]
        let problem = problems[random.index(problems.count)]
        let compound = "\(community)-C\(1 + random.index(2))"
        let building = 1 + random.index(12)
        let description = "\(compound.suffix(2))小区\(building)号楼\(problem.detail)，\(times[random.index(times.count)])，\(asks[random.index(asks.count)])。"
        let source: CaseSource = reference == nil ? sources[random.index(sources.count)] : .petitionOffice
        let name = String(surnames[random.index(surnames.count)]) + (random.index(2) == 0 ? "先生" : "女士")
        return Submission(
            title: problem.title, description: description, source: source, community: community,
            category: problem.category, location: CaseLocation(compound: compound, description: "\(building)号楼附近"),
            submitter: PersonalData(name: name, phone: "138\(10_000_000 + random.index(89_999_999))"),
            externalReference: reference.map { ExternalReference(system: "petition-office", reference: $0) })
    }

    /// The statuses the data set holds, which find-cases asks for.
    static let findStatuses: [CaseStatus] = [.accepted, .declined, .referred, .withdrawn]

    static func communityQuery(_ random: inout Xorshift) -> CaseQuery {
        CaseQuery(
            community: communities[random.index(communities.count)], statuses: [findStatuses[random.index(findStatuses.count)]],
            limit: 20)
    }

    static func textQuery(_ random: inout Xorshift) -> CaseQuery {
        CaseQuery(text: searchTerms[random.index(searchTerms.count)], limit: 20)
    }
}
