using CellValley.Silo.Hosting;
using Orleans.TestingHost;

namespace CellValley.Tests.Infrastructure;

/// <summary>An Orleans test cluster (two silos) whose grain storage is the project's PostgreSQL schema.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public TestDatabase Database { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.GetAsync();
        var builder = new InProcessTestClusterBuilder(2);
        var connectionString = Database.ConnectionString;
        builder.ConfigureSilo((_, silo) => silo.AddCellValleyStorage(connectionString, "cellvalley-grain-tests"));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
