namespace CellValley.Grains.Common;

/// <summary>Rules of leads: stages, statuses, activities and landing.</summary>
public sealed partial record Rule
{
    public static Rule ChainLink() => new("ChainLink", "must name the chain link (a segment, see GET /api/taxonomy) the lead would fill");

    public static Rule FollowUpTooOld() => new("FollowUpTooOld", "is too far in the past");

    public static Rule LandThroughLanding() => new("LandThroughLanding", "a lead lands through POST /api/leads/{id}/landing, which registers the enterprise");

    public static Rule AlreadyInStage(string stage) => new("AlreadyInStage", $"the lead is already in {stage}", stage);

    public static Rule ReasonToMoveBack(string from, string to) => new("ReasonToMoveBack", $"is required to move back from {from} to {to}", from, to);

    public static Rule LeadClosed(string status) => new("LeadClosed", $"the lead is {status}; reopen it (status active) first", status);

    public static Rule WonByLanding() => new("WonByLanding", "a lead is won by landing it (POST /api/leads/{id}/landing)");

    public static Rule StaysWon() => new("StaysWon", "the lead has landed; its status stays won");

    public static Rule AlreadyStatus(string status) => new("AlreadyStatus", $"the lead is already {status}", status);

    public static Rule ActivityLogFull(int max) => new("ActivityLogFull", $"the activity log of this lead is full ({max} entries)", S(max));

    public static Rule LeadLanded(string code) => new("LeadLanded", $"the lead has already landed as {code}", code);

    public static Rule LeadLost() => new("LeadLost", "the lead is lost; reopen it (status active) before landing it");

    public static Rule LandFromSigned(string stage) => new("LandFromSigned", $"a lead lands from the signed (签约) stage; it is in {stage}", stage);

    public static Rule OwnerPerson() => new("OwnerPerson", "must be the id of a person with a live staff or admin token (GET /api/people)");

    public static Rule LeadWithoutCode() => new("LeadWithoutCode", "is required: the lead has no credit code yet");

    public static Rule LeadWithoutSpace() => new("LeadWithoutSpace", "the lead states no space needs; set space (areaSqm, fitOut, preferredParkId) first");
}
