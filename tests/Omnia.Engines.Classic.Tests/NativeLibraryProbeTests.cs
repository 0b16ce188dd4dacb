namespace Omnia.Engines.Classic.Tests;

public class NativeLibraryProbeTests
{
    [Fact]
    public void A_missing_library_names_the_packages_to_install()
    {
        var error = Assert.Throws<DebianPackageMissingException>(
            () => NativeLibraryProbe.EnsureLoadable("espeak-ng", "libomnia-absent.so.9", ["libespeak-ng1", "espeak-ng-data"]));

        Assert.Contains("libomnia-absent.so.9", error.Message);
        Assert.Contains("sudo apt-get install -y libespeak-ng1 espeak-ng-data", error.Message);
        Assert.Equal("sudo apt-get install -y libespeak-ng1 espeak-ng-data", error.InstallCommand);
    }

    [Fact]
    public void An_installed_library_passes() =>
        NativeLibraryProbe.EnsureLoadable("espeak-ng", "libespeak-ng.so.1", ["libespeak-ng1"]);
}
