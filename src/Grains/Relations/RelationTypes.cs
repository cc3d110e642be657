namespace CellValley.Grains.Relations;

/// <summary>A kind of relation, which ends it may join, and whether its direction matters.</summary>
public sealed record RelationType(string Code, string Name, bool Symmetric, string[] FromKinds, string[] ToKinds, string Meaning);

/// <summary>The relation types of DESIGN.md (tenant-of-park comes from leases, not from here).</summary>
public static class RelationTypes
{
    private static readonly string[] Parties = [EntityRef.Enterprise, EntityRef.Institution];
    private static readonly string[] Providers = [EntityRef.Enterprise, EntityRef.Institution, EntityRef.Platform];

    public static readonly IReadOnlyList<RelationType> All =
    [
        new("supplier", "供应", false, Parties, Parties, "from supplies to (needs supplyKind)"),
        new("cro", "CRO 服务", false, Providers, Parties, "from provides contract research to"),
        new("cdmo", "CDMO 服务", false, Providers, Parties, "from provides contract development and manufacturing to"),
        new("cmo", "CMO 服务", false, Providers, Parties, "from provides contract manufacturing to"),
        new("investor", "投资", false, Parties, [EntityRef.Enterprise], "from invests in to"),
        new("licence", "许可", false, Parties, Parties, "from licenses to"),
        new("partnership", "合作", true, Parties, Parties, "a partnership (no direction)"),
        new("collaboration", "产学研医合作", true, Parties, Parties, "industry-university-research-hospital collaboration (no direction)"),
        new("uses-platform", "使用平台", false, Parties, [EntityRef.Platform], "from uses the platform to"),
    ];

    public static RelationType? Find(string? code) => All.FirstOrDefault(t => t.Code == code);
}
