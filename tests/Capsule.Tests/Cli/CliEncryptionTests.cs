using System.Text;

namespace Capsule.Tests.Cli;

/// <summary>
/// capsule create --encrypt, encrypt, decrypt, passwd, and the other commands on an encrypted capsule,
/// with passwords on standard input. Argon2id is set to 1 pass over 64 KiB for speed only.
/// </summary>
public sealed class CliEncryptionTests : CliTest
{
    private static readonly string[] Weak = ["--kdf-iterations", "1", "--kdf-memory-kib", "64"];

    private static CliResult WithPasswords(string[] passwords, params string[] args) =>
        CliRunner.Run(Encoding.UTF8.GetBytes(string.Join('\n', passwords) + "\n"), null, ["--password-stdin", .. args]);

    [Fact]
    public void An_encrypted_capsule_round_trips_through_the_commands()
    {
        var file = Dir.File("secret.mvc");
        WithPasswords(["hunter2"], ["create", file, "--encrypt", .. Weak]).AssertOk();
        WithPasswords(["hunter2"], "put", file, "launch codes are 0000", "--uri", "codes").AssertOk();
        Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf("launch codes"u8));

        Assert.Contains("launch codes are 0000", WithPasswords(["hunter2"], "get", file, "codes").AssertOk().Stdout);
        Assert.Contains("ok:", WithPasswords(["hunter2"], "verify", file).AssertOk().Stdout);
        Assert.Contains("ChaCha20-Poly1305", WithPasswords(["hunter2"], "info", file).AssertOk().Stdout);

        var wrong = WithPasswords(["hunter3"], "get", file, "codes");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("wrong password", wrong.Stderr);

        var none = CliRunner.Run("get", file, "codes");
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("--password-stdin", none.Stderr);
    }

    /// <summary>
    /// No terminal and no --password-stdin: the command stops at once with an error naming the option. The
    /// password waiting on the pipe is not read (a pipe is not a prompt), and nothing is created.
    /// </summary>
    [Fact]
    public void Without_a_terminal_or_password_stdin_the_command_fails_clearly_and_creates_nothing()
    {
        var file = Dir.File("never.mvc");

        var result = CliRunner.Run(Encoding.UTF8.GetBytes("hunter2\nhunter2\n"), null, ["create", file, "--encrypt", .. Weak]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("capsule: a new password is needed and standard input is not a terminal: pass it with --password-stdin", result.Stderr);
        Assert.DoesNotContain("hunter2", result.Stderr + result.Stdout);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Passwd_changes_the_password_and_encrypt_decrypt_copy_the_data()
    {
        var plain = CreateCapsule("plain.mvc");
        CliRunner.Ok("put", plain, "the plain note", "--uri", "n");
        var encrypted = Dir.File("enc.mvc");
        WithPasswords(["first"], ["encrypt", plain, encrypted, .. Weak]).AssertOk();
        Assert.Equal(-1, File.ReadAllBytes(encrypted).AsSpan().IndexOf("the plain note"u8));

        WithPasswords(["first", "second"], "passwd", encrypted).AssertOk();
        Assert.Contains("wrong password", WithPasswords(["first"], "get", encrypted, "n").Stderr);
        Assert.Contains("the plain note", WithPasswords(["second"], "get", encrypted, "n").AssertOk().Stdout);

        var decrypted = Dir.File("dec.mvc");
        WithPasswords(["second"], "decrypt", encrypted, decrypted).AssertOk();
        Assert.Contains("the plain note", CliRunner.Ok("get", decrypted, "n").Stdout);
        Assert.Contains("ok:", CliRunner.Ok("verify", decrypted).Stdout);
    }
}
