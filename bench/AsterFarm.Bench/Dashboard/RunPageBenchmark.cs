using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using AsterFarm.Bench.SchedulerRecovery;
using OpenQA.Selenium.Chrome;

namespace AsterFarm.Bench.Dashboard;

/// <summary>
/// The dashboard's run page on a run of 100,000 derivations (the simulator's nixpkgs-like DAG, 60% built, leases in
/// flight): the scheduler journal of that run is written to an <c>asterfarm up</c> state directory, <c>up</c> (no
/// builders) recovers it, and Debian's Chromium loads the run page: first contentful paint per load, plus the server's
/// time for the page, for a search, for a deep page and for the failed filter. Target: first paint under 1 s.
/// Arguments: <c>[count=100000] [seed=2022] [loads=5]</c>.
/// </summary>
public static class RunPageBenchmark
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2022;
        var loads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var state = Directory.CreateTempSubdirectory("asterfarm-dashboard-bench-").FullName;
        Process? up = null;
        try
        {
            var journal = RecoveryJournal.Generate(count, seed, 0.6);
            var database = Path.Combine(state, "scheduler.db");
            SchedulerRecoveryBenchmark.Write(database, journal.Events, snapshot: null);
            var queries = SchedulerQueryCost.Measure(database, loads);
            var port = FreePort();
            up = Process.Start(new ProcessStartInfo("dotnet")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "up", "--state", state, "--builders", "0", "--http-port", port.ToString(CultureInfo.InvariantCulture), "--port", FreePort().ToString(CultureInfo.InvariantCulture) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            up.OutputDataReceived += (_, _) => { };
            up.ErrorDataReceived += (_, _) => { };
            up.BeginOutputReadLine();
            up.BeginErrorReadLine();
            var api = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
            var run = WaitForRun(http, up);
            var page = $"runs/{run}";
            var server = new
            {
                run_page_ms = Median(loads, () => TimeGet(http, page)),
                search_ms = Median(loads, () => TimeGet(http, $"dashboard/api/runs/{run}/parts?q=python&page=1")),
                page_1000_ms = Median(loads, () => TimeGet(http, $"dashboard/api/runs/{run}/parts?page=1000")),
                built_filter_ms = Median(loads, () => TimeGet(http, $"dashboard/api/runs/{run}/parts?state=built&page=500")),
                timeline_ms = Median(loads, () => TimeGet(http, $"dashboard/api/runs/{run}/timeline")),
                runs_page_ms = Median(loads, () => TimeGet(http, string.Empty)),
            };
            var paints = Paints(new Uri(api, page), loads);
            var report = new
            {
                benchmark = "dashboard-run-page",
                derivations = count,
                scheduler_cpu_ms_per_query = queries,
                server,
                first_contentful_paint_ms = paints,
                first_paint_median_ms = Median(paints),
                html_bytes = http.GetByteArrayAsync(page).GetAwaiter().GetResult().Length,
                load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
                target_met = paints.Max() < 1000,
            };
            Console.WriteLine(JsonSerializer.Serialize(report));
            return 0;
        }
        finally
        {
            if (up is { HasExited: false })
            {
                up.Kill(entireProcessTree: true);
                up.WaitForExit();
            }

            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>The recovered run's id, once the scheduler answers with it (recovery of 100,000 derivations takes seconds).</summary>
    private static string WaitForRun(HttpClient http, Process up)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (DateTime.UtcNow < deadline && !up.HasExited)
        {
            try
            {
                var runs = http.GetFromJsonAsync<JsonElement>("api/v1/runs").GetAwaiter().GetResult();
                if (runs.GetArrayLength() > 0)
                {
                    return runs[0].GetProperty("run").GetString()!;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(500);
        }

        throw new InvalidOperationException("asterfarm up did not recover the run within 5 minutes");
    }

    private static double TimeGet(HttpClient http, string path)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = http.GetAsync(path).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        _ = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    /// <summary>First contentful paint of <paramref name="loads"/> loads of the page in a fresh headless Chromium (the first is cold: no cached assets).</summary>
    private static List<double> Paints(Uri page, int loads)
    {
        var profile = Directory.CreateTempSubdirectory("asterfarm-bench-chromium-").FullName;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        using var driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        var paints = new List<double>();
        try
        {
            for (var i = 0; i < loads; i++)
            {
                driver.Navigate().GoToUrl(page);
                // The paint entry can come after the load event: wait for it (buffered, so one already there counts).
                paints.Add(Convert.ToDouble(driver.ExecuteAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    new PerformanceObserver((list) => {
                      const paint = list.getEntriesByName('first-contentful-paint')[0];
                      if (paint) done(paint.startTime);
                    }).observe({ type: 'paint', buffered: true });
                    """), CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            driver.Quit();
            Directory.Delete(profile, recursive: true);
        }

        return [.. paints.Select(p => Math.Round(p, 1))];
    }

    private static double Median(int rounds, Func<double> measure) => Median([.. Enumerable.Range(0, rounds).Select(_ => measure())]);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return Math.Round(sorted[sorted.Count / 2], 1);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
