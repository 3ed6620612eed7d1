using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AsterFarm.Dashboard.Tests;

/// <summary>
/// Debian's Chromium, driven through Debian's chromedriver (both from apt, nothing downloaded), headless with a fresh
/// profile. A missing browser fails the test with the install hint; it never skips.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";
    public const string InstallHint = "the dashboard's browser tests need Debian's chromium and chromium-driver: run scripts/install-prerequisites.sh (apt-get install chromium chromium-driver)";

    private readonly TempDirectory _profile = new("asterfarm-chromium");

    private Browser(string screenshots)
    {
        Screenshots = screenshots;
        Directory.CreateDirectory(screenshots);
        if (!File.Exists(ChromiumPath) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} or {DriverPath} is missing: {InstallHint}");
        }

        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
            "--user-data-dir=" + _profile.Path);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the screenshots of the pages go (under the test output).</summary>
    public string Screenshots { get; }

    public static Browser Start(string screenshots) => new(screenshots);

    public IJavaScriptExecutor Js => Driver;

    public void Resize(int width, int height) => Driver.Manage().Window.Size = new System.Drawing.Size(width, height);

    /// <summary>Awaits <paramref name="condition"/> in the page (polled by WebDriver); the failure says what was expected and the page's URL.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, TimeSpan timeout, string expected)
    {
        var wait = new WebDriverWait(Driver, timeout) { PollingInterval = TimeSpan.FromMilliseconds(100), Message = $"{expected} (page {Driver.Url})" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>Saves a PNG of the page as it is, full height, and returns its path.</summary>
    public string Screenshot(string name)
    {
        var height = Convert.ToInt32(Js.ExecuteScript("return Math.min(4000, document.documentElement.scrollHeight);"), System.Globalization.CultureInfo.InvariantCulture);
        var size = Driver.Manage().Window.Size;
        Resize(size.Width, Math.Max(height, 400));
        var path = Path.Combine(Screenshots, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        Resize(size.Width, size.Height);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        _profile.Dispose();
    }
}
