namespace CellValley.Grains.Products;

/// <summary>Stored state of one product, inside its enterprise's state.</summary>
public sealed class ProductState
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? RegistrationClass { get; set; }

    public string? Indication { get; set; }

    public bool InnovativeDevice { get; set; }

    public List<StageState> Stages { get; set; } = [];

    /// <summary>Count of this product's committed changes: its ETag.</summary>
    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public StageState Current => Stages[^1];
}

public sealed class StageState
{
    public string Stage { get; set; } = "";

    public DateOnly Date { get; set; }

    public List<string> Skipped { get; set; } = [];

    public bool Correction { get; set; }

    public string? Reason { get; set; }

    public string? Note { get; set; }

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}
