Console.Error.WriteLine("usage: AsterFarm.Bench <benchmark> (see bench/README.md)");
return 2;
