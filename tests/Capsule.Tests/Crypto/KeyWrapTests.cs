using Capsule.Crypto;

namespace Capsule.Tests.Crypto;

public sealed class KeyWrapTests
{
    [Fact]
    public void Layout_sizes_add_up()
    {
        Assert.Equal(1, KeyWrap.NonceOffset);
        Assert.Equal(13, KeyWrap.CiphertextOffset);
        Assert.Equal(45, KeyWrap.TagOffset);
        Assert.Equal(61, KeyWrap.WrappedLength);
        Assert.Equal(KeyWrap.VersionLength + KeyWrap.NonceLength + KeyWrap.CiphertextLength + KeyWrap.TagLength, KeyWrap.WrappedLength);
    }

    [Fact]
    public void Wrap_then_unwrap_returns_the_data_key()
    {
        var kek = KeyDerivation.DeriveKey("open sesame"u8, CryptoTestKeys.Cheap());
        var dataKey = KeyWrap.CreateDataKey();

        var wrapped = KeyWrap.Wrap(kek, dataKey, CryptoTestKeys.Context());
        var unwrapped = KeyWrap.Unwrap(kek, wrapped, CryptoTestKeys.Context());

        Assert.Equal(KeyWrap.WrappedLength, wrapped.Length);
        Assert.Equal(KeyWrap.Version, wrapped[KeyWrap.VersionOffset]);
        Assert.Equal(dataKey, unwrapped);
    }

    [Fact]
    public void Wrapped_bytes_do_not_contain_the_data_key()
    {
        var dataKey = KeyWrap.CreateDataKey();

        var wrapped = KeyWrap.Wrap(CryptoTestKeys.Key(), dataKey, CryptoTestKeys.Context());

        Assert.False(wrapped.AsSpan(KeyWrap.CiphertextOffset, KeyWrap.CiphertextLength).SequenceEqual(dataKey));
        Assert.Equal(-1, wrapped.AsSpan().IndexOf(dataKey.AsSpan(0, 8)));
    }

    [Fact]
    public void Two_wraps_of_the_same_key_use_different_nonces()
    {
        var dataKey = KeyWrap.CreateDataKey();

        var first = KeyWrap.Wrap(CryptoTestKeys.Key(), dataKey, CryptoTestKeys.Context());
        var second = KeyWrap.Wrap(CryptoTestKeys.Key(), dataKey, CryptoTestKeys.Context());

        Assert.NotEqual(first.AsSpan(KeyWrap.NonceOffset, KeyWrap.NonceLength).ToArray(), second.AsSpan(KeyWrap.NonceOffset, KeyWrap.NonceLength).ToArray());
    }

    [Fact]
    public void Wrong_password_throws_WrongPasswordException()
    {
        var right = KeyDerivation.DeriveKey("open sesame"u8, CryptoTestKeys.Cheap());
        var wrong = KeyDerivation.DeriveKey("open sesame!"u8, CryptoTestKeys.Cheap());
        var wrapped = KeyWrap.Wrap(right, KeyWrap.CreateDataKey(), CryptoTestKeys.Context());

        var error = Assert.Throws<WrongPasswordException>(() => KeyWrap.Unwrap(wrong, wrapped, CryptoTestKeys.Context()));

        Assert.Equal("wrong password", error.Message);
    }

    [Fact]
    public void A_wrapped_key_from_another_capsule_does_not_unwrap()
    {
        var kek = CryptoTestKeys.Key();
        var wrapped = KeyWrap.Wrap(kek, KeyWrap.CreateDataKey(), CryptoTestKeys.Context("file-0001"));

        Assert.Throws<WrongPasswordException>(() => KeyWrap.Unwrap(kek, wrapped, CryptoTestKeys.Context("file-0002")));
    }

    [Fact]
    public void Every_changed_byte_after_the_version_fails_to_unwrap()
    {
        var kek = CryptoTestKeys.Key();
        var wrapped = KeyWrap.Wrap(kek, KeyWrap.CreateDataKey(), CryptoTestKeys.Context());

        for (var i = KeyWrap.NonceOffset; i < wrapped.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var damaged = (byte[])wrapped.Clone();
                damaged[i] ^= mask;
                Assert.Throws<WrongPasswordException>(() => KeyWrap.Unwrap(kek, damaged, CryptoTestKeys.Context()));
            }
        }
    }

    [Fact]
    public void An_unknown_version_is_unsupported_not_a_wrong_password()
    {
        var kek = CryptoTestKeys.Key();
        var wrapped = KeyWrap.Wrap(kek, KeyWrap.CreateDataKey(), CryptoTestKeys.Context());
        wrapped[KeyWrap.VersionOffset] = 2;

        Assert.Throws<UnsupportedFormatException>(() => KeyWrap.Unwrap(kek, wrapped, CryptoTestKeys.Context()));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(62)]
    public void A_wrapped_key_of_the_wrong_length_is_rejected(int length) =>
        Assert.Throws<ArgumentException>(() => KeyWrap.Unwrap(CryptoTestKeys.Key(), new byte[length], CryptoTestKeys.Context()));

    [Fact]
    public void A_data_key_of_the_wrong_length_is_rejected() =>
        Assert.Throws<ArgumentException>(() => KeyWrap.Wrap(CryptoTestKeys.Key(), new byte[16], CryptoTestKeys.Context()));
}
