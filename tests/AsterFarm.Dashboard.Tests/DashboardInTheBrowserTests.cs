using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Examples;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;
using OpenQA.Selenium;

namespace AsterFarm.Dashboard.Tests;

/// <summary>
/// Issue 15: the dashboard of a live <c>asterfarm up</c>, in Debian's Chromium. Screenshots of every page go to
/// <c>screenshots/</c> in the test output directory.
/// </summary>
public sealed class DashboardInTheBrowserTests(DashboardFarm farm) : IClassFixture<DashboardFarm>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    // Prints a line every half second for 12 s after the sample is built: long enough to watch live, and to keep the run open while its page loads.
    private const string Ticker = "i=0; while [ $i -lt 24 ]; do i=$((i+1)); echo tick $i of 24; /bin/sleep 0.5; done; echo ticked > $out";

    [Fact]
    public async Task A_submitted_run_is_listed_then_followed_live_to_succeeded_while_a_build_log_streams_and_the_machines_page_shows_emulation()
    {
        Assert.Contains(farm.Url.ToString(), farm.PrintedDashboardLine, StringComparison.Ordinal);
        var roots = SampleJobset.Instantiate();
        // The ticker needs every image of the sample: the critical path runs through the sample's chain to it.
        var ticker = farm.Instantiate("ticker", Ticker, after: $"import {SampleJobset.Directory}");
        var run = Submit([.. roots, ticker]);
        var browser = farm.Browser;
        var driver = browser.Driver;
        browser.Resize(1280, 900);

        driver.Navigate().GoToUrl(farm.Url);
        browser.Until(d => d.FindElement(By.CssSelector($"tr[data-run='{run}']")).Displayed, Patience, $"the runs page to list run {run}");
        browser.Screenshot("runs");
        driver.FindElement(By.CssSelector($"tr[data-run='{run}'] a")).Click();
        browser.Until(d => d.FindElements(By.CssSelector("#run-state .badge")).Count > 0 && d.Url.Contains(run, StringComparison.Ordinal), Patience, "the run page");
        browser.Js.ExecuteScript("window.asterfarmSamePage = true;");
        var first = RunState(driver);
        Assert.True(first is "Planning" or "Running", $"the run should still be open when its page first shows (its ticker builds for 12 s), but it was {first}");
        var runTab = driver.CurrentWindowHandle;

        await Eventually.Until(() => Http.GetStringAsync(new Uri(farm.Url, $"api/v1/runs/{run}")), status => IsRunning(status, ticker), Patience, $"{ticker.Name} running");
        driver.SwitchTo().NewWindow(WindowType.Tab);
        driver.Navigate().GoToUrl(new Uri(farm.Url, "drv/" + ticker.BaseName));
        var live = browser.Until(d => d.FindElement(By.Id("log")).Text is var text && text.Contains("tick 3 of 24", StringComparison.Ordinal) ? text : null, Patience, "the ticker's log lines while it builds");
        Assert.DoesNotContain("tick 24 of 24", live, StringComparison.Ordinal);
        Assert.Equal("Running", driver.FindElement(By.CssSelector("#drv-state .badge")).Text);
        browser.Screenshot("derivation-live");
        browser.Until(d => d.FindElement(By.Id("log")).Text.Contains("tick 24 of 24", StringComparison.Ordinal), Patience, "the whole log once the build ended");
        driver.Close();
        driver.SwitchTo().Window(runTab);

        browser.Until(d => RunState(d) == "Succeeded", Patience, $"run {run} to reach Succeeded on its page");
        Assert.Equal(true, browser.Js.ExecuteScript("return window.asterfarmSamePage === true;"));
        var bars = browser.Until(d => d.FindElements(By.CssSelector("#timeline rect.bar")) is { Count: >= 11 } found && found.All(b => !b.GetAttribute("class")!.Contains("running", StringComparison.Ordinal)) ? found : null, Patience, "a timeline bar for each of the 11 builds, none running")!;
        Assert.Contains(bars, bar => bar.GetAttribute("class")!.Contains("emulated", StringComparison.Ordinal));
        Assert.Contains(bars, bar => bar.GetAttribute("class")!.Contains("native", StringComparison.Ordinal));
        var critical = bars.Where(bar => bar.GetAttribute("class")!.Contains("critical", StringComparison.Ordinal)).ToList();
        Assert.True(critical.Count >= 3, $"the critical path should run from the sample's tools through a chain to the ticker, but {critical.Count} bars are on it");
        browser.Screenshot("run");

        driver.Navigate().GoToUrl(new Uri(farm.Url, "machines"));
        var builder = browser.Until(d => d.FindElement(By.CssSelector("table.machines tbody tr")), Patience, "the builder on the machines page");
        Assert.Contains("up-builder-1", builder.Text, StringComparison.Ordinal);
        Assert.Contains("riscv64-linux ×", builder.Text, StringComparison.Ordinal);
        Assert.Contains("aarch64-linux ×", builder.Text, StringComparison.Ordinal);
        browser.Screenshot("machines");

        driver.Navigate().GoToUrl(new Uri(farm.Url, "queue"));
        browser.Until(d => d.FindElement(By.TagName("h1")).Text == "Queue", Patience, "the queue page");
        browser.Screenshot("queue");
        driver.Navigate().GoToUrl(new Uri(farm.Url, "cache"));
        var paths = browser.Until(d => d.FindElement(By.CssSelector("dl.facts dd")).Text, Patience, "the cache page's path count");
        Assert.True(int.Parse(paths.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 11, $"the cache should hold the run's outputs and .drv files, showed {paths} paths");
        browser.Screenshot("cache");
    }

    [Fact]
    public async Task Cancelling_a_run_from_its_page_is_refused_without_the_token_and_done_with_it()
    {
        var sleeper = farm.Instantiate("sleeper", "echo started; /bin/sleep 600; echo slept > $out");
        var run = Submit([sleeper]);
        var browser = farm.Browser;
        var driver = browser.Driver;
        browser.Resize(1280, 900);
        driver.Navigate().GoToUrl(new Uri(farm.Url, "runs/" + run));
        browser.Until(d => RunState(d) is "Planning" or "Running", Patience, "the sleeper's run open on its page");
        browser.Js.ExecuteScript("sessionStorage.clear(); document.getElementById('token').value = '';");

        driver.FindElement(By.Id("cancel")).Click();
        driver.SwitchTo().Alert().Accept();
        var refusal = browser.Until(d => d.FindElement(By.Id("toast")).Text is var text && text.StartsWith("Refused", StringComparison.Ordinal) ? text : null, Patience, "the refusal without the token");
        Assert.Contains("401", refusal, StringComparison.Ordinal);
        Assert.Contains("\"Running\"", await Http.GetStringAsync(new Uri(farm.Url, $"api/v1/runs/{run}")), StringComparison.Ordinal);
        // The browser's ambient credentials (basic auth) do not count: an action needs the bearer header a script sets.
        using var basic = new HttpRequestMessage(HttpMethod.Post, new Uri(farm.Url, $"dashboard/api/runs/{run}/cancel"));
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("any:" + farm.Token)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.SendAsync(basic)).StatusCode);

        driver.FindElement(By.Id("token")).SendKeys(farm.Token);
        driver.FindElement(By.Id("cancel")).Click();
        driver.SwitchTo().Alert().Accept();
        browser.Until(d => RunState(d) == "Cancelled", Patience, "the run cancelled with the token");
        browser.Screenshot("run-cancelled");
    }

    [Fact]
    public async Task Every_page_has_landmarks_labelled_controls_readable_status_colours_and_fits_1280_and_390_pixels()
    {
        var quick = farm.Instantiate("quick", "echo hello from the quick build; echo hi > $out");
        var run = Submit([quick]);
        await Eventually.Until(() => Http.GetStringAsync(new Uri(farm.Url, $"api/v1/runs/{run}")), status => status.Contains("\"Succeeded\"", StringComparison.Ordinal), Patience, "the quick run to succeed");
        var browser = farm.Browser;
        (string Name, string Path)[] pages = [("runs", string.Empty), ("run", "runs/" + run), ("derivation", "drv/" + quick.BaseName), ("machines", "machines"), ("queue", "queue"), ("cache", "cache")];
        var problems = new List<string>();
        foreach (var width in new[] { 1280, 390 })
        {
            browser.Resize(width, 900);
            foreach (var (name, path) in pages)
            {
                browser.Driver.Navigate().GoToUrl(new Uri(farm.Url, path));
                browser.Until(d => d.FindElement(By.TagName("h1")).Displayed, Patience, $"the {name} page");
                var found = (IReadOnlyCollection<object>)browser.Js.ExecuteScript(PageChecks.Script)!;
                problems.AddRange(found.Select(problem => $"{name} at {width} px: {problem}"));
                browser.Screenshot($"{name}-{width}");
            }
        }

        Assert.True(problems.Count == 0, "accessibility and layout problems:\n" + string.Join("\n", problems));
    }

    private string Submit(IEnumerable<StorePath> roots) =>
        AsterfarmCli.Succeed(["submit", .. roots.Select(NixDerivations.Store.Print), "--no-wait", .. farm.CliFlags]).Trim();

    private static string RunState(IWebDriver driver) => driver.FindElement(By.CssSelector("#run-state .badge")).Text;

    private static bool IsRunning(string status, StorePath drv) =>
        JsonDocument.Parse(status).RootElement.GetProperty("builds").EnumerateArray()
            .Any(b => b.GetProperty("drvPath").GetString()!.EndsWith(drv.BaseName, StringComparison.Ordinal) && b.GetProperty("state").GetString() == "Running");
}
