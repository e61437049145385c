using System.Text.Json.Serialization;
using Capsule.Cli.Commands;
using Capsule.Codecs;

namespace Capsule.Cli.Json;

/// <summary>
/// Every shape the commands print with <c>--json</c>, with its serializer generated at compile time:
/// a natively compiled (AOT) CLI cannot build serializers by reflection at run time, and the JIT-compiled
/// one skips that work too. Indented, camel-case names, enums by camel-case name: each enum a shape holds needs
/// its <see cref="CamelCaseEnumConverter{TEnum}"/> listed below, or it is written as a number.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(CamelCaseEnumConverter<FrameKind>), typeof(CamelCaseEnumConverter<CodecId>), typeof(CamelCaseEnumConverter<MergeSide>)])]
[JsonSerializable(typeof(InfoCommand.InfoJson))]
[JsonSerializable(typeof(List<ListCommand.FrameJson>))]
[JsonSerializable(typeof(List<FindCommand.HitJson>))]
[JsonSerializable(typeof(List<TimelineCommand.CommitJson>))]
[JsonSerializable(typeof(List<TimelineCommand.TimelineFrameJson>))]
[JsonSerializable(typeof(DiffCommand.DiffJson))]
[JsonSerializable(typeof(BranchCommand.BranchJson))]
[JsonSerializable(typeof(MergeResult))]
internal sealed partial class CliJson : JsonSerializerContext;
