using System.Buffers.Binary;
using System.Numerics;

namespace Capsule.Format;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value 0xFFFFFFFF, final XOR
/// 0xFFFFFFFF), the checksum of every record and superblock. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// uses SSE4.2/ARMv8 instructions where present; the test vector crc32c("123456789") = 0xE3069283
/// pins the parameters (RFC 3720, appendix B.4).
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    internal const uint Start = 0xFFFFFFFFu;

    internal static uint Finish(uint state) => ~state;

    internal static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc;
    }
}
