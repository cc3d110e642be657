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
}
