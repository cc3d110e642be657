namespace CellValley.Api.OpenApi;

/// <summary>Request bodies shown in Swagger UI: well-formed examples (ids must be replaced by real ones).</summary>
public static class Examples
{
    public const string RegisterEnterprise = """
        {
          "creditCode": "91350100M000100Y43",
          "name": "示例生物科技有限公司",
          "nameEn": "Example Biotech Co., Ltd.",
          "segments": ["细胞治疗", "CRO/CDMO 外包服务"],
          "foundedOn": "2019-06-18",
          "district": "滨海高新区",
          "headcount": 120,
          "revenueYuan": 35000000,
          "rdSpendYuan": 8200000,
          "financialYear": 2025,
          "contacts": [{ "name": "李明", "title": "董事会秘书", "phone": "022-6537 0000", "email": "ir@example.cn" }]
        }
        """;

    public const string UpdateEnterprise = """
        { "headcount": 135, "revenueYuan": 41000000, "financialYear": 2025 }
        """;

    public const string RecordTier = """
        {
          "tier": "eaglet",
          "recognizedOn": "2025-09-30",
          "batch": "2025年第二批",
          "source": "天津市科学技术局",
          "reason": "注册未满8年，上年度营业收入超过10万元，拥有2项II类知识产权"
        }
        """;

    public const string MintToken = """
        { "role": "enterprise", "scope": "91350100M000100Y43", "label": "示例生物 信息填报" }
        """;

    public const string AddProduct = """
        {
          "name": "CT-019 自体CAR-T细胞注射液",
          "kind": "cell-therapy-car-t",
          "registrationClass": "治疗用生物制品1类",
          "indication": "复发/难治性多发性骨髓瘤",
          "stage": "clinical-approved",
          "stageDate": "2025-04-18"
        }
        """;

    public const string MoveStage = """
        { "stage": "phase-1", "date": "2025-08-02", "note": "首例受试者入组" }
        """;

    public const string SetEnterpriseStatus = """
        { "status": "moved-out", "since": "2026-09-30", "destination": "苏州工业园区", "reason": "扩产迁至新基地" }
        """;

    public const string MergeEnterprise = """
        { "survivor": "91120116MA05KX4H34", "reason": "同一企业以错录的信用代码重复登记" }
        """;

    public const string VoidRecognition = """
        { "reason": "误录：认定文件所列为同名的另一企业" }
        """;

    public const string VoidLease = """
        { "reason": "误录：该单元实际由另一企业承租" }
        """;

    public const string CorrectLease = """
        {
          "reason": "面积录入有误，按合同更正",
          "lease": { "tenantCode": "91350100M000100Y43", "unitId": "A-302", "areaSqm": 850, "start": "2025-03-01", "end": "2028-02-29" }
        }
        """;

    public const string VoidFunding = """
        { "reason": "重复录入：同一笔资助已按批复文号登记" }
        """;

    public const string CorrectFunding = """
        {
          "reason": "金额录入有误，按拨付通知更正",
          "funding": {
            "kind": "grant",
            "date": "2025-10-15",
            "amount": 600000,
            "currency": "CNY",
            "category": "phase-1",
            "productId": "P0000000000",
            "grantor": "天津市科学技术局",
            "program": "生物医药创新药I期临床资助"
          }
        }
        """;

    public const string RecordGrant = """
        {
          "kind": "grant",
          "date": "2025-10-15",
          "amount": 800000,
          "currency": "CNY",
          "category": "phase-1",
          "productId": "P0000000000",
          "grantor": "天津市科学技术局",
          "program": "生物医药创新药I期临床资助"
        }
        """;

    public const string RecordEquity = """
        {
          "kind": "equity",
          "date": "2025-03-01",
          "datePrecision": "month",
          "amount": 120000000,
          "currency": "CNY",
          "roundType": "b",
          "investors": [
            { "name": "海河产业基金", "type": "guidance-fund", "lead": true },
            { "name": "某生物医药创投", "type": "vc", "lead": false }
          ]
        }
        """;

    public const string RecordRelation = """
        {
          "type": "supplier",
          "from": "enterprise:91120116MA05T00007",
          "to": "enterprise:91350100M000100Y43",
          "supplyKind": "慢病毒载体",
          "disclosure": "disclosed",
          "since": "2024-05-01"
        }
        """;

    public const string CreateLead = """
        {
          "company": "某基因治疗科技（上海）有限公司",
          "segment": "基因治疗",
          "chainLink": "基因治疗",
          "source": "exhibition",
          "estimatedInvestmentYuan": 200000000,
          "estimatedJobs": 120,
          "space": { "areaSqm": 1500, "fitOut": { "gmpGrade": "B", "labDrains": true, "exhaust": true }, "preferredParkId": "bio-innovation-center" },
          "likelihood": 0.6,
          "estimatedLanding": "2027-03-31",
          "nextFollowUp": "2026-12-05"
        }
        """;

    public const string LandLead = """
        {
          "creditCode": "91350100M000100Y43",
          "lease": { "parkId": "bio-innovation-center", "unitId": "A-301", "areaSqm": 1500, "start": "2027-01-01", "end": "2032-01-01" }
        }
        """;

    public const string UpdateProduct = """
        { "registrationClass": "治疗用生物制品1类", "indication": "复发/难治性B细胞急性淋巴细胞白血病" }
        """;

    public const string EndRelation = """
        { "until": "2025-06-30", "reason": "供货合同到期未续签" }
        """;

    public const string Institution = """
        { "name": "天津医科大学总医院", "kind": "hospital", "city": "天津市和平区", "note": "国家药物临床试验机构（GCP）" }
        """;

    public const string SetThreshold = """
        { "value": 10000000 }
        """;

    public const string CreatePark = """
        {
          "id": "bio-innovation-center",
          "name": "生物医药创新中心",
          "zone": "经开区",
          "address": "天津经济技术开发区第十三大街",
          "occupancyTarget": 0.8,
          "operator": "泰达生物医药研究院"
        }
        """;

    public const string UpdatePark = """
        { "name": "生物医药创新中心", "zone": "经开区", "address": "天津经济技术开发区第十三大街69号", "occupancyTarget": 0.8, "operator": "泰达生物医药研究院" }
        """;

    public const string AddBuilding = """
        { "id": "A", "name": "A座", "floors": 6 }
        """;

    public const string PutUnit = """
        {
          "buildingId": "A",
          "floor": 3,
          "areaSqm": 1200,
          "availableSince": "2025-01-01",
          "fitOut": { "gmpGrade": "B", "labDrains": true, "exhaust": true, "coldStorage": false, "cleanRoom": true, "notes": "层高4.5米，楼面荷载800kg/㎡" }
        }
        """;

    public const string RecordMilestone = """
        { "kind": "topped-out", "planned": "2025-06-30", "actual": "2025-07-15" }
        """;

    public const string SignLease = """
        {
          "tenantCode": "91350100M000100Y43",
          "unitId": "A-301",
          "areaSqm": 800,
          "start": "2025-03-01",
          "end": "2028-03-01",
          "signedOn": "2025-01-20",
          "note": "首年免租三个月"
        }
        """;

    public const string TerminateLease = """
        { "endOn": "2026-06-30", "reason": "企业迁往自建厂房" }
        """;

    public const string CreatePlatform = """
        {
          "id": "cell-bank",
          "name": "干细胞及免疫细胞库",
          "kind": "cell-bank",
          "operator": "天津市细胞技术创新中心",
          "parkId": "bio-innovation-center",
          "services": ["细胞存储", "质量检测"],
          "status": "planned",
          "since": "2024-03-01"
        }
        """;

    public const string UpdatePlatform = """
        {
          "name": "干细胞及免疫细胞库",
          "kind": "cell-bank",
          "operator": "天津市细胞技术创新中心",
          "parkId": "bio-innovation-center",
          "services": ["细胞存储", "质量检测", "细胞制备"],
          "note": "可为园区企业提供GMP级细胞存储"
        }
        """;

    public const string PlatformStatus = """
        { "status": "building", "since": "2024-06-01" }
        """;

    public const string UpdateLead = """
        {
          "company": "某基因治疗科技（上海）有限公司",
          "segment": "基因治疗",
          "chainLink": "基因治疗",
          "source": "exhibition",
          "estimatedInvestmentYuan": 250000000,
          "estimatedJobs": 150,
          "space": { "areaSqm": 1500, "fitOut": { "gmpGrade": "B", "labDrains": true, "exhaust": true }, "preferredParkId": "bio-innovation-center" },
          "likelihood": 0.7,
          "estimatedLanding": "2027-06-30",
          "nextFollowUp": "2026-12-20",
          "note": "已完成第二轮考察，关注落户补贴"
        }
        """;

    public const string AssignLead = """
        { "ownerId": "P3F9A0C21D4" }
        """;

    public const string MoveLeadStage = """
        { "stage": "contact" }
        """;

    public const string SetLeadStatus = """
        { "status": "delayed", "reason": "企业融资进度推迟，预计2027年二季度再议" }
        """;

    public const string LogLeadActivity = """
        { "type": "visit", "note": "陪同考察生物医药创新中心A座三层", "nextFollowUp": "2026-12-20" }
        """;

    public const string SignIn = """
        { "username": "wangwu", "password": "<您的密码>" }
        """;

    public const string ChangePassword = """
        { "currentPassword": "<管理员发给您的临时密码>", "newPassword": "<新密码：至少10个字符，含字母和数字>" }
        """;

    public const string CreateAccount = """
        { "username": "wangwu", "displayName": "招商 王五", "role": "staff" }
        """;
}
