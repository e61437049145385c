using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Capsule.Format;

namespace Capsule.Crypto;

/// <summary>
/// The key hierarchy of an encrypted capsule (FORMAT.md §16.1): a random 32-byte data key seals the
/// records; Argon2id turns the password into a key-encryption key that wraps the data key into the
/// superblock's key block. Changing the password rewraps the same data key under a new salt.
/// </summary>
internal static class CapsuleKeys
{
    /// <summary>Binds a wrapped key to its capsule: moved into another capsule's slot it no longer unwraps.</summary>
    private static byte[] Context(long createdAtMicros)
    {
        var context = new byte[16 + 8];
        Encoding.ASCII.GetBytes("capsule data key").CopyTo(context, 0);
        BinaryPrimitives.WriteInt64LittleEndian(context.AsSpan(16), createdAtMicros);
        return context;
    }

    /// <summary>A new data key and the key block that wraps it under <paramref name="password"/>.</summary>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public static (KeyBlock Block, byte[] DataKey) Create(string password, uint iterations, ulong memoryBytes, long createdAtMicros, Func<int, byte[]> random)
    {
        var dataKey = random(KeyWrap.DataKeyLength);
        return (Wrap(dataKey, password, iterations, memoryBytes, createdAtMicros, sealEpoch: 0, random), dataKey);
    }

    /// <summary>Wraps an existing data key under a password with a fresh salt.</summary>
    public static KeyBlock Wrap(byte[] dataKey, string password, uint iterations, ulong memoryBytes, long createdAtMicros, ushort sealEpoch, Func<int, byte[]> random)
    {
        var parameters = new Argon2idParameters(iterations, memoryBytes, Argon2idSalt.FromBytes(random(Argon2idSalt.Length)));
        var kek = KeyDerivation.DeriveKey(Encoding.UTF8.GetBytes(password), parameters);
        try
        {
            var wrapped = KeyWrap.Wrap(kek, dataKey, Context(createdAtMicros), random(KeyWrap.NonceLength));
            return new KeyBlock(sealEpoch, iterations, memoryBytes, parameters.Salt.ToArray(), wrapped);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>The data key the block wraps.</summary>
    /// <exception cref="WrongPasswordException">The password does not unwrap it.</exception>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    /// <exception cref="CorruptCapsuleException">The block's Argon2id parameters are outside the accepted range.</exception>
    public static byte[] Unlock(KeyBlock block, string password, long createdAtMicros, string path)
    {
        Argon2idParameters parameters;
        try
        {
            parameters = new Argon2idParameters(block.Iterations, block.MemoryBytes, Argon2idSalt.FromBytes(block.Salt));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CorruptCapsuleException($"key block Argon2id parameters are out of range ({e.Message})", path, KeyBlock.IterationsOffset, "superblock", e);
        }
        byte[] kek;
        try
        {
            kek = KeyDerivation.DeriveKey(Encoding.UTF8.GetBytes(password), parameters);
        }
        catch (CryptographicException e)
        {
            // Within the format's limits but beyond this machine (memory): a typed error, not a crypto failure.
            throw new CapsuleException($"the key block asks for Argon2id with {block.Iterations} passes over {block.MemoryBytes} bytes, which this machine could not compute ({e.Message})",
                path, KeyBlock.IterationsOffset, e);
        }
        try
        {
            return KeyWrap.Unwrap(kek, block.WrappedKey, Context(createdAtMicros));
        }
        catch (WrongPasswordException e)
        {
            throw new WrongPasswordException(path, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }
}
