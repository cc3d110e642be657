namespace CellValley.Grains.Common;

/// <summary>Rules of products, funding, relations, platforms and tier criteria.</summary>
public sealed partial record Rule
{
    public static Rule WithdrawHasParts() => new("WithdrawHasParts", "a registration whose status changed, that merges touched or that a lead landed cannot be withdrawn");

    public static Rule ProductHasGrants() => new("ProductHasGrants", "a grant names this product: void the grant first");

    public static Rule ProductsMax(int max) => new("ProductsMax", $"an enterprise holds at most {max} products", S(max));

    public static Rule NotACorrection(string from, string to) => new("NotACorrection", $"a move forward from {from} to {to} is not a correction", from, to);

    public static Rule NotForward(string from, string to) =>
        new("NotForward", $"moving from {from} to {to} is not forward: send \"correction\": true with a reason", from, to);

    public static Rule NotAProduct(string id) => new("NotAProduct", $"'{id}' is not a product of this enterprise", id);

    public static Rule GrantInYuan() => new("GrantInYuan", "must be CNY for a grant");

    public static Rule NoGrantPolicy(DateOnly date, DateOnly earliest) =>
        new("NoGrantPolicy",
            $"no grant-cap policy this registry knows is in force on {D(date)} (the earliest begins {D(earliest)}); send \"uncapped\": true to record it without cap checks",
            D(date), D(earliest));

    public static Rule AlreadyVoided(DateTimeOffset at) =>
        new("AlreadyVoided", $"the entry was voided on {at.UtcDateTime:yyyy-MM-dd}", at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    public static Rule InvestorsExceedRound(decimal stated, decimal round) =>
        new("InvestorsExceedRound", $"the investors' amounts add up to {S(stated)}, more than the round's {S(round)}", S(stated), S(round));

    public static Rule OneLeadInvestor() => new("OneLeadInvestor", "may name at most one lead investor");

    public static Rule GrantCap(string rule, decimal cap, decimal headroom) =>
        new("GrantCap", $"{rule}: cap {S(cap)}, headroom {S(headroom)}", rule, S(cap), S(headroom));

    public static Rule RelationEnded(DateOnly until) => new("RelationEnded", $"the relation already ended on {D(until)}", D(until));

    public static Rule DifferentEnds() => new("DifferentEnds", "must differ from 'from': a relation joins two different things");

    public static Rule RelationStartsAt(string type, string kinds) => new("RelationStartsAt", $"a {type} relation starts at: {kinds}", type, kinds);

    public static Rule RelationEndsAt(string type, string kinds) => new("RelationEndsAt", $"a {type} relation ends at: {kinds}", type, kinds);

    public static Rule UnknownRelationType(string type) =>
        new("UnknownRelationType", $"'{type}' is not a relation type (see GET /api/relation-types)", type);

    public static Rule PlatformForward(string status) =>
        new("PlatformForward", $"a platform moves forward (planned → building → operating), is suspended from and resumes to operating, or closes for good; it is {status}", status);

    public static Rule NoClause(string ruleSet, string clause) => new("NoClause", $"rule set {ruleSet} has no clause '{clause}'", ruleSet, clause);

    public static Rule NoThreshold(string clause) => new("NoThreshold", $"clause '{clause}' has no threshold to set", clause);

    public static Rule Threshold(decimal min, decimal max, bool whole) => whole
        ? new("ThresholdWhole", $"must be a whole number between {S(min)} and {S(max)}, or null to use the published value", S(min), S(max))
        : new("Threshold", $"must be between {S(min)} and {S(max)}, or null to use the published value", S(min), S(max));

    public static Rule AgainstVerdict(string tier, string unmet, string ruleSet) =>
        new("AgainstVerdict",
            $"is required: the eligibility engine finds {tier} not met ({unmet}) under {ruleSet}; recording against its verdict needs a reason",
            tier, unmet, ruleSet);

    public static Rule TokenScopeRequired(string role) => new("TokenScopeRequired", $"is required for role {role} (the credit code, park id or department code it is bound to)", role);

    public static Rule TokenScopeForbidden(string role) => new("TokenScopeForbidden", $"must be left out for role {role}", role);

    public static Rule EnterpriseMerged(string into) =>
        new("EnterpriseMerged", $"this record was merged into {into}: make the change there", into);

    public static Rule MergeIntoItself() => new("MergeIntoItself", "must name another record: a record cannot be merged into itself");

    public static Rule SurvivorMerging(string code) =>
        new("SurvivorMerging", $"{code} is itself being merged into another record; finish that merge first", code);
}
