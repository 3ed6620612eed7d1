using AsterFarm.Coordinator.Cli;

return await AsterFarmCommandLine.RunAsync(args).ConfigureAwait(false);
