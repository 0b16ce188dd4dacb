namespace Omnia.Server.Tests.Responses;

/// <summary><c>omnia serve</c>'s background lease settings: a renewal no shorter than the lease is refused at start, saying why.</summary>
public sealed class BackgroundLeaseSettingsTests
{
    [Theory]
    [InlineData("00:01:00", "00:01:00")]
    [InlineData("00:01:00", "00:00:00")]
    [InlineData("-00:00:01", "00:00:20")]
    public async Task A_renewal_that_is_not_positive_and_shorter_than_the_lease_is_refused_at_start(string lease, string renewal)
    {
        var environment = new Dictionary<string, string>
        {
            ["Omnia__BackgroundResponses__Lease"] = lease,
            ["Omnia__BackgroundResponses__LeaseRenewal"] = renewal,
        };

        var (exit, _, error) = await OmniaExecutable.RunAsync(environment, "serve", "--port", "0", "--offline", "--data-dir", Path.GetTempPath());

        Assert.Equal(2, exit);
        Assert.Contains("Omnia:BackgroundResponses", error);
        Assert.Contains("LeaseRenewal", error);
    }
}
