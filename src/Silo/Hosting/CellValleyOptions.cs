using System.ComponentModel.DataAnnotations;

namespace CellValley.Silo.Hosting;

/// <summary>Settings of the service, from appsettings.json and CellValley__* environment variables.</summary>
public sealed class CellValleyOptions
{
    public const string Section = "CellValley";

    /// <summary>An external PostgreSQL (Npgsql format). Empty: start the embedded one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the embedded PostgreSQL and the bootstrap token live. Empty: .data in the repository.</summary>
    public string? DataDirectory { get; set; }

    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,100}$", ErrorMessage = "ClusterId must be 1-100 letters, digits, '.', '_' or '-'.")]
    public string ClusterId { get; set; } = "cellvalley";

    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,100}$", ErrorMessage = "ServiceId must be 1-100 letters, digits, '.', '_' or '-'.")]
    public string ServiceId { get; set; } = "cellvalley";

    /// <summary>
    /// The address the silo listens on and advertises to the other silos. Loopback by default: a
    /// single-process service needs no silo port reachable from elsewhere. In a cluster, the
    /// silo's address on the cluster's private network (never a public one: Orleans ports carry no
    /// authentication). "auto": the host's one non-loopback IPv4 address (a container on the cluster's network).
    /// </summary>
    [Required, RegularExpression(@"^([0-9A-Fa-f:.]{2,45}|auto)$", ErrorMessage = "SiloAddress must be an IP address, e.g. 127.0.0.1 or 10.0.0.5, or auto.")]
    public string SiloAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Run as a Kubernetes pod (Microsoft.Orleans.Hosting.Kubernetes): the silo's address, name and cluster come from the
    /// pod (POD_IP, POD_NAME, POD_NAMESPACE and the pod's cluster / service id labels), and silos whose pods are gone are
    /// declared dead at once instead of by missed probes.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>How fast the cluster notices a dead silo (probes and votes); see <see cref="MembershipTuning"/>.</summary>
    public MembershipTuning Membership { get; set; } = new();

    [Range(1, 65535, ErrorMessage = "SiloPort must be a TCP port (1-65535).")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The Orleans client gateway: 0 (the default) leaves it closed. The HTTP API calls the grains
    /// in-process and needs no gateway; an open one would let any Orleans client bypass the API's
    /// authentication.
    /// </summary>
    [Range(0, 65535, ErrorMessage = "GatewayPort must be 0 (closed) or a TCP port (1-65535).")]
    public int GatewayPort { get; set; }

    /// <summary>Npgsql pool cap per silo; keep it below max_connections ÷ silos.</summary>
    [Range(5, 500, ErrorMessage = "MaxPoolSize must be between 5 and 500.")]
    public int MaxPoolSize { get; set; } = 40;

    /// <summary>A grain idle this long is deactivated and its memory freed (its state stays stored).</summary>
    [Range(1, 1440, ErrorMessage = "IdleMinutes must be between 1 and 1440.")]
    public double IdleMinutes { get; set; } = 15;

    public EmbeddedPostgresOptions Postgres { get; set; } = new();
}

/// <summary>
/// Failure detection of the cluster. Each silo probes <see cref="ProbedSilos"/> others every <see cref="ProbeSeconds"/>;
/// a silo that misses <see cref="MissedProbes"/> probes in a row is suspected, and declared dead once
/// <see cref="VotesForDeath"/> silos suspect it. Detection takes about ProbeSeconds × MissedProbes plus a membership
/// table round trip: 1 s × 2 ≈ 2-3 s with these defaults (Orleans' own defaults took 6-7 s after a kill -9).
/// </summary>
public sealed class MembershipTuning
{
    [Range(0.25, 60, ErrorMessage = "Membership:ProbeSeconds must be between 0.25 and 60.")]
    public double ProbeSeconds { get; set; } = 1;

    [Range(1, 10, ErrorMessage = "Membership:MissedProbes must be between 1 and 10.")]
    public int MissedProbes { get; set; } = 2;

    [Range(1, 10, ErrorMessage = "Membership:VotesForDeath must be between 1 and 10.")]
    public int VotesForDeath { get; set; } = 2;

    [Range(1, 10, ErrorMessage = "Membership:ProbedSilos must be between 1 and 10.")]
    public int ProbedSilos { get; set; } = 2;
}

public sealed class EmbeddedPostgresOptions
{
    [Range(1, 65535, ErrorMessage = "Postgres:Port must be a TCP port (1-65535).")]
    public int Port { get; set; } = 5433;

    /// <summary>Folder holding initdb and pg_ctl. Empty: search the usual places.</summary>
    public string? BinDirectory { get; set; }
}
