namespace Capsule.Indexing.Lexical.Query;

/// <summary>The fields a query can be limited to. Unprefixed terms search both (title boosted).</summary>
public enum QueryField : byte
{
    Title,
    Text,
}

/// <summary><paramref name="Inner"/> matched in one field only: <c>title:tree</c>, <c>title:"red tree"</c>, <c>title:(a b)</c>.</summary>
public sealed record FieldQuery(QueryField Field, QueryNode Inner) : QueryNode
{
    public override string ToString() => $"{FieldName(Field)}:{Inner}";

    /// <summary>The prefix as typed in a query (lower case; see <see cref="QueryParser"/>).</summary>
    public static string FieldName(QueryField field) => field switch
    {
        QueryField.Title => "title",
        QueryField.Text => "text",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
