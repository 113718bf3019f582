using BenchmarkDotNet.Running;

// Every benchmark class of this assembly (Lifecycle/, Routing/, Transcripts/, Search/ ...) is listed and filtered
// by BenchmarkDotNet's switcher: `dotnet run -c Release -- --filter '*Lifecycle*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
