// The embedded PostgreSQL uses Unix file modes, runuser and setsid; the service runs on Linux and macOS.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
