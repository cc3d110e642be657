namespace CellValley.Silo.Hosting;

/// <summary>Finds the project-local data folder (.data at the repository root).</summary>
public static class DataDirectory
{
    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        // Walk up from the build output (src/Silo/bin/...) to the folder holding the solution file.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellValley.slnx")))
            {
                return Path.Combine(dir.FullName, ".data");
            }
        }

        return Path.GetFullPath(".data");
    }
}
