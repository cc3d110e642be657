using System.Text.Json;

namespace CellValley.Grains.Events;

/// <summary>
/// Reads the changes of a stored event in today's shape, whenever it was written. Events stored before
/// each kind had its own record carried a whole record in one change (a park's "park", a lease's
/// "lease", a lead's "lead" …); they read as one change per member, as events written now are stored.
/// Stored history is never rewritten.
/// </summary>
public static class StoredHistory
{
    /// <summary>The single change that held a whole record, by event name, in events stored before typed events.</summary>
    private static readonly Dictionary<string, string> WholeRecords = new(StringComparer.Ordinal)
    {
        ["ParkCreated"] = "park",
        ["ParkUpdated"] = "park",
        ["BuildingAdded"] = "building",
        ["UnitAdded"] = "unit",
        ["UnitChanged"] = "unit",
        ["MilestoneRecorded"] = "milestone",
        ["LeaseSigned"] = "lease",
        ["UnitHeld"] = "hold",
        ["LeadCreated"] = "lead",
        ["LeadUpdated"] = "lead",
        ["LeadActivityLogged"] = "activity",
        ["PlatformCreated"] = "platform",
        ["PlatformUpdated"] = "platform",
        ["InstitutionRegistered"] = "institution",
        ["InstitutionUpdated"] = "institution",
    };

    public static IReadOnlyList<FieldChange> Read(string eventType, string changesJson)
    {
        var stored = JsonSerializer.Deserialize<List<FieldChange>>(changesJson, EventJson.Options) ?? [];
        if (!WholeRecords.TryGetValue(eventType, out var wrapper))
        {
            return stored;
        }

        var changes = new List<FieldChange>();
        foreach (var change in stored)
        {
            if (change.Field == wrapper && (IsObject(change.From) || IsObject(change.To)))
            {
                changes.AddRange(EventChanges.Members(change.From, change.To));
            }
            else
            {
                changes.Add(change);
            }
        }

        return changes;
    }

    private static bool IsObject(JsonElement? value) => value is { ValueKind: JsonValueKind.Object };
}
