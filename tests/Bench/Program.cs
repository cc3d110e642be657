using CellValley.Bench;

return await PictureBench.RunAsync(args);
