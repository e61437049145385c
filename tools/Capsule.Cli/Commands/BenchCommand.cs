using System.CommandLine;
using Capsule.Cli.Bench;

namespace Capsule.Cli.Commands;

/// <summary><c>capsule bench (ann | ir) ...</c>: Capsule's figures beside the peers', measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var command = new Command("bench", "Measure Capsule beside peer engines on a dataset, in one run");
        command.Subcommands.Add(AnnBench.Build());
        command.Subcommands.Add(IrBench.Build());
        return command;
    }
}
