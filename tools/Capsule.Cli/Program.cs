using System.CommandLine;
using Capsule.Cli;
using Capsule.Cli.Commands;

var root = new RootCommand("capsule: an agent's or a team's memory in one .mvc file");
root.Options.Add(ErrorHandling.Verbose);
root.Options.Add(Passwords.Stdin);
root.Options.Add(CapsuleFiles.Branch);
Command[] commands =
[
    CreateCommand.Build(),
    PutCommand.Build(),
    ImportCommand.Build(),
    ImportVectorsCommand.Build(),
    FindCommand.Build(),
    KnnCommand.Build(),
    BenchCommand.Build(),
    TimelineCommand.Build(),
    DiffCommand.Build(),
    BranchCommand.Build(),
    RewindCommand.Build(),
    MergeCommand.Build(),
    GetCommand.Build(),
    ListCommand.Build(),
    DeleteCommand.Build(),
    InfoCommand.Build(),
    VerifyCommand.Build(),
    EncryptionCommands.Encrypt(),
    EncryptionCommands.Decrypt(),
    EncryptionCommands.Passwd(),
];
foreach (var command in commands)
{
    root.Subcommands.Add(command);
}
// "capsule branch FILE create NAME" (the documented order) parses as "capsule branch create FILE NAME".
args = BranchCommand.PutVerbFirst(args);
// No response files: "@3" names a commit (--as-of @3), not a file of arguments to splice in.
return root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).Invoke();
