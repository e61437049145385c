// Inside namespace Capsule.Cli the bare name "Capsule" is ambiguous to a reader (namespace or type);
// the alias says which one is meant.
global using CapsuleFile = Capsule.Capsule;
global using Capsule.Cli.Json;
