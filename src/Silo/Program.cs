using CellValley.Silo.Hosting;

return await CellValleyProgram.RunAsync(args);
