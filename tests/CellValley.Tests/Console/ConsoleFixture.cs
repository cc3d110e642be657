using CellValley.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CellValley.Tests.Console;

/// <summary>
/// The service with the built console (src/Web/dist, built by the .NET build) on a database of its own,
/// and Debian's Chromium driven by Playwright. Screenshots of every page the tests visit go to
/// artifacts/screenshots at the repository's root.
/// </summary>
public sealed class ConsoleFixture : IsolatedApiFixture
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Screenshots { get; } = Path.Combine(RepositoryRoot, "artifacts", "screenshots");

    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["CellValley:ConsoleDirectory"] = Path.Combine(RepositoryRoot, "src", "Web", "dist");

    public override async Task InitializeAsync()
    {
        var index = Path.Combine(RepositoryRoot, "src", "Web", "dist", "index.html");
        if (!File.Exists(index))
        {
            throw new InvalidOperationException($"The console is not built ({index} is missing): build src/Silo with Node.js 20.19+ installed.");
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath} (Debian: apt-get install chromium).");
        }

        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser window (its own cookies) at 1366×768, the size of a government office laptop.</summary>
    public async Task<IPage> PageAsync(int width = 1366, int height = 768, IReadOnlyList<Cookie>? cookies = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        if (cookies is not null)
        {
            await context.AddCookiesAsync(cookies);
        }

        return await context.NewPageAsync();
    }

    /// <summary>The text box of a form field marked data-test (on the input itself or on its wrapper).</summary>
    public static string Field(string name) => $"input[data-test={name}], [data-test={name}] input";

    /// <summary>Signs in through the sign-in page and waits for the page the role lands on.</summary>
    public static async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/login");
        await page.Locator(Field("username")).FillAsync(username);
        await page.Locator(Field("password")).FillAsync(password);
        // The sign-in's own answer first: a refusal says why instead of a navigation timing out.
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.Locator("[data-test=sign-in]").ClickAsync(),
            r => r.Url.EndsWith("/api/session", StringComparison.Ordinal) && r.Request.Method == "POST",
            new() { Timeout = 30_000 });
        if (!answer.Ok)
        {
            throw new InvalidOperationException($"signing in as {username} answered {answer.Status}: {await answer.TextAsync()}");
        }

        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 30_000 });
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots and answers its path (after dialogs and charts finish animating).</summary>
    public static async Task<string> ShotAsync(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(400);
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CellValley.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CellValley.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
