using CellValley.Bench;

// No arguments (or "all …"): the whole suite with its table. "crud …" and "picture …" measure one
// row against a service that is already running.
return args.Length > 0 && args[0] == "crud" ? await CrudBench.RunAsync(args[1..])
    : args.Length > 0 && args[0] == "picture" ? await PictureBench.RunAsync(args[1..])
    : await Suite.RunAsync(args.Length > 0 && args[0] == "all" ? args[1..] : args);
