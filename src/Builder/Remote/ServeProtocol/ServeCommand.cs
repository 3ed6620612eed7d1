namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>The commands of <c>nix-store --serve</c> (Nix's <c>serve-protocol.hh</c>); the numbers are the wire values.</summary>
public enum ServeCommand : ulong
{
    QueryValidPaths = 1,
    QueryPathInfos = 2,
    DumpStorePath = 3,
    ImportPaths = 4,
    ExportPaths = 5,
    BuildPaths = 6,
    QueryClosure = 7,
    BuildDerivation = 8,
    AddToStoreNar = 9,
}
