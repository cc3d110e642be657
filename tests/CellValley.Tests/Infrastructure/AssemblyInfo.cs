// The service and its embedded PostgreSQL run on Unix-like systems only; so do these tests.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
