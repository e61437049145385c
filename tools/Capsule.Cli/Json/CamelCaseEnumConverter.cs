using System.Text.Json;
using System.Text.Json.Serialization;

namespace Capsule.Cli.Json;

/// <summary>
/// Writes an enum as its camel-case name ("chunk", "zstd"), as the JSON output always has. The generic
/// converter, closed per enum in <see cref="CliJson"/>, needs no code generated at run time, so the
/// natively compiled CLI writes the same JSON as the JIT-compiled one.
/// </summary>
internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase)
    where TEnum : struct, Enum;
