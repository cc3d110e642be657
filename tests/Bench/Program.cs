using CellValley.Bench;

// "crud …" measures profile updates and reads against their baselines; anything else the picture.
return args.Length > 0 && args[0] == "crud"
    ? await CrudBench.RunAsync(args[1..])
    : await PictureBench.RunAsync(args);
