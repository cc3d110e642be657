namespace CellValley.Grains.Common;

/// <summary>Rules of the action plans: quarters, progress reports and their review, plan definitions.</summary>
public sealed partial record Rule
{
    public static Rule QuarterFormat() => new("QuarterFormat", "must be a quarter written as year and quarter, e.g. 2021Q3");

    public static Rule QuarterOutsidePlan(string first, string last) =>
        new("QuarterOutsidePlan", $"must be a quarter of the plan's period, {first} to {last}", first, last);

    public static Rule QuarterNotStarted(string quarter) => new("QuarterNotStarted", $"the quarter {quarter} has not begun yet", quarter);

    public static Rule ReasonForDelay() => new("ReasonForDelay", "is required when the status is delayed (延期): say why");

    public static Rule ReportAccepted(string quarter) => new("ReportAccepted", $"the report for {quarter} has been accepted; it can no longer be changed", quarter);

    public static Rule ReportNotSubmitted(string quarter, string state) =>
        new("ReportNotSubmitted", $"the report for {quarter} is {state}, not awaiting review", quarter, state);

    public static Rule NoReport(string quarter) => new("NoReport", $"no report has been submitted for {quarter}", quarter);

    public static Rule ReportsOnOwnItems(string department) =>
        new("ReportsOnOwnItems", $"a department reports on the items it leads; this item is led by {department}", department);

    public static Rule EvidenceKind(string kinds) => new("EvidenceKind", $"must be kind:id with kind one of: {kinds}", kinds);

    public static Rule EvidenceUnknown(string reference) => new("EvidenceUnknown", $"{reference} is not in the registry", reference);

    public static Rule PlanId() => new("PlanId", "must be 3-40 lower-case letters, digits and hyphens, starting with a letter");

    public static Rule PlanExists(string id) => new("PlanExists", $"a plan with id {id} exists already", id);

    public static Rule Duplicate(string value) => new("Duplicate", $"{value} is given twice", value);

    public static Rule UnknownTask(int task) => new("UnknownTask", $"there is no task {task} in the plan", task.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Rule DeadlineDate() => new("DeadlineDate", "a deadline of kind by needs its date; continuing and long-term deadlines have none");
}

/// <summary>Rules of proposals (an enterprise's changes awaiting review).</summary>
public sealed partial record Rule
{
    public static Rule ProposalClosed(string state) => new("ProposalClosed", $"the proposal is {state}, no longer awaiting review", state);

    public static Rule ProposalLapsed() =>
        new("ProposalLapsed", "what the proposal changes was changed after it was made: the proposal has lapsed; the enterprise proposes again against the record as it is");

    public static Rule NotProposed() => new("NotProposed", "is not a field of this proposal");

    public static Rule DecidedWithYear() =>
        new("DecidedWithYear", "the financial year dates the revenue and R&D figures proposed with it: accept or reject them together");
}

/// <summary>Rules of evidence files.</summary>
public sealed partial record Rule
{
    public static Rule FileTooLarge(int megabytes) => new("FileTooLarge", $"must be at most {megabytes} MB", megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Rule FileType(string found) =>
        new("FileType", $"must be a PDF, an image (PNG, JPEG, GIF, WebP) or an Office document; judged by its content it is: {found}", found);
}

/// <summary>Rules of filing campaigns.</summary>
public sealed partial record Rule
{
    public static Rule EmptyScope() => new("EmptyScope", "selects no active enterprise: change the district, tiers or codes");
}
