using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Spectre.Console;

namespace Capsule.Cli.Commands;

/// <summary>
/// <c>capsule import FILE SOURCE.jsonl</c>: one frame per line, uri "doc/&lt;id&gt;", committed in
/// batches. Re-importing an id supersedes its earlier frame (Put upserts by uri).
/// </summary>
internal static class ImportCommand
{
    public static Command Build()
    {
        var file = CapsuleFiles.Argument();
        var source = new Argument<string>("source") { Description = "A JSON-lines file: one JSON object per line" };
        var idField = new Option<string>("--id-field") { DefaultValueFactory = _ => "id", Description = "Field holding the id (string or number); the uri is doc/<id>" };
        var textField = new Option<string>("--text-field") { DefaultValueFactory = _ => "text", Description = "Field holding the text" };
        var titleField = new Option<string>("--title-field") { DefaultValueFactory = _ => "title", Description = "Field holding the title (optional in each line)" };
        var timeField = new Option<string>("--time-field") { DefaultValueFactory = _ => "time", Description = "Field holding the event time: ISO-8601 or unix seconds (optional in each line)" };
        // 1,000 frames per commit: each commit costs an fsync and a commit record, and a batch of
        // short texts compresses well as one segment, while a failure loses at most one batch.
        var embeddingField = new Option<string?>("--embedding-field") { Description = "Field holding the embedding (an array of numbers) to index for knn" };
        var metric = VectorFiles.MetricOption();
        var model = VectorFiles.ModelOption();
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 1000, Description = "Commit every N frames" };
        var command = new Command("import", "Import a JSON-lines file, one frame per line (creates FILE if absent)")
        {
            file, source, idField, textField, titleField, timeField, embeddingField, metric, model, batch,
        };
        ErrorHandling.SetAction(command, parseResult =>
        {
            var fields = new ImportFields(parseResult.GetValue(idField)!, parseResult.GetValue(textField)!,
                parseResult.GetValue(titleField)!, parseResult.GetValue(timeField)!, parseResult.GetValue(embeddingField));
            var vectorMetric = VectorFiles.ParseMetric(parseResult.GetValue(metric)!);
            var vectorModel = parseResult.GetValue(model)!;
            var batchSize = parseResult.GetValue(batch);
            if (batchSize < 1)
            {
                throw new ArgumentException($"--batch must be at least 1, not {batchSize}");
            }
            var sourcePath = parseResult.GetValue(source)!;
            // The source is opened first, so a mistyped source path does not leave an empty capsule behind.
            using var stream = File.OpenRead(sourcePath);
            using var capsule = CapsuleFiles.OpenOrCreate(parseResult, parseResult.GetValue(file)!);
            var importer = new Importer(capsule, new JsonLinesReader(stream, sourcePath), fields, batchSize, (vectorMetric, vectorModel));
            var clock = Stopwatch.StartNew();
            if (Output.IsTerminal)
            {
                AnsiConsole.Progress().Start(context =>
                {
                    var task = context.AddTask("importing", maxValue: Math.Max(1, stream.Length));
                    importer.Run(position => task.Value = position);
                    task.Value = task.MaxValue;
                });
            }
            else
            {
                importer.Run(_ => { });
            }
            Console.Out.WriteLine(importer.Summary(clock.Elapsed));
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed class Importer(CapsuleFile capsule, JsonLinesReader reader, ImportFields fields, int batchSize, (Indexing.Vector.VectorMetric Metric, string Model) binding)
    {
        private bool _bound;
        private readonly ulong _deadBefore = capsule.Stats().DeadFrames;
        private long _frames;
        private long _committedFrames;
        private int _commits;

        public void Run(Action<long> progress)
        {
            var pending = 0;
            try
            {
                foreach (var (line, record) in reader.Read(fields.Map))
                {
                    Put(line, record);
                    if (++pending == batchSize)
                    {
                        Commit();
                        pending = 0;
                        progress(reader.Position);
                    }
                }
            }
            catch (FormatException e) when (_committedFrames > 0)
            {
                throw new FormatException($"{e.Message} ({Output.Count(_committedFrames)} frames of earlier batches were committed)", e);
            }
            // The last commit also seals the tail, so the import's indexes are persisted now rather than
            // rebuilt in memory by every open until later commits reach the sealing thresholds.
            capsule.Commit(sealTail: true);
            _commits += pending > 0 ? 1 : 0;
            _committedFrames = _frames;
            progress(reader.Length);
        }

        private void Put(int line, ImportRecord record)
        {
            var draft = new FrameDraft(record.Text)
            {
                Uri = $"doc/{record.Id}",
                Title = record.Title,
                EventTime = record.Time,
                Embedding = record.Embedding,
            };
            try
            {
                if (record.Embedding is { } embedding && !_bound)
                {
                    capsule.BindEmbedding(new EmbeddingBinding(embedding.Length, binding.Metric, binding.Model));
                    _bound = true;
                }
                capsule.Put(draft);
            }
            catch (ArgumentException e)
            {
                // A format limit (a too-long title, say) is the line's fault: name the line.
                throw reader.LineError(line, e);
            }
            _frames++;
        }

        private void Commit()
        {
            capsule.Commit();
            _commits++;
            _committedFrames = _frames;
        }

        public string Summary(TimeSpan elapsed)
        {
            var stats = capsule.Stats();
            var replaced = stats.DeadFrames - _deadBefore;
            var text = new StringBuilder($"imported {Output.Counted(_frames, "frame")}");
            if (replaced > 0)
            {
                text.Append($" ({Output.Count(replaced)} replaced earlier versions)");
            }
            text.Append($" in {Output.Counted(_commits, "commit")}, {elapsed.TotalSeconds:0.00} s; ");
            text.Append($"{stats.Path} is {Output.Size(stats.FileBytes)}");
            return text.ToString();
        }
    }
}
