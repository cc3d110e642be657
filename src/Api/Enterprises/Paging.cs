using CellValley.Grains.Common;

namespace CellValley.Api.Enterprises;

/// <summary>The page/pageSize rules every list shares.</summary>
public static class Paging
{
    public const int MaxPageSize = 200;

    public static void Check(FieldErrors errors, int? page, int? pageSize)
    {
        if (page is < 1)
        {
            errors.Add("page", "must be 1 or more");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        }
    }
}
