using CapsuleFile = Capsule.Capsule;

// Test helper, run by Capsule.Tests as a separate process:
//   ingest PATH SEED   create or open PATH and commit batches forever; after each durable commit
//                      print "committed SEQUENCE NEXT-FRAME-ID" (the parent kills it with SIGKILL)
//   hold PATH          open PATH as the writer, print "locked PID", wait for a line on stdin, exit
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ingest PATH SEED | hold PATH");
    return 2;
}
var path = args[1];
switch (args[0])
{
    case "ingest":
        var random = new Random(int.Parse(args[2]));
        using (var capsule = File.Exists(path) ? CapsuleFile.Open(path) : CapsuleFile.Create(path))
        {
            for (var batch = 0; ; batch++)
            {
                var count = random.Next(1, 40);
                for (var i = 0; i < count; i++)
                {
                    var id = capsule.NextFrameId;
                    var text = new string((char)('a' + (int)(id % 26)), random.Next(10, 3000));
                    capsule.Put($"{id}:{text}", uri: $"frame/{id}");
                }
                var head = capsule.Commit();
                Console.Out.WriteLine($"committed {head.Sequence} {head.NextFrameId}");
                Console.Out.Flush();
            }
        }
    case "hold":
        using (CapsuleFile.Open(path))
        {
            Console.Out.WriteLine($"locked {Environment.ProcessId}");
            Console.Out.Flush();
            Console.In.ReadLine();
        }
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode {args[0]}");
        return 2;
}
