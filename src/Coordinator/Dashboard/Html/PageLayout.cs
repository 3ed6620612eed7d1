using System.Text;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Html;

/// <summary>
/// The frame of every page: landmarks (banner, navigation, main), the token field for actions and the assets. Links
/// are relative to <c>&lt;base href&gt;</c> (<see cref="DashboardOptions.BasePath"/>), so the dashboard works under an
/// Ingress path prefix.
/// </summary>
internal static class PageLayout
{
    private static readonly (string Page, string Href, string Label)[] Sections =
    [
        ("runs", "./", "Runs"),
        ("queue", "queue", "Queue"),
        ("machines", "machines", "Machines"),
        ("cache", "cache", "Cache"),
    ];

    public static string Render(DashboardOptions options, string section, string title, string body, string? pageData = null)
    {
        var html = new StringBuilder(body.Length + 2048);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<base href=\"").Append(H(options.BaseHref)).Append("\">")
            .Append("<title>").Append(H(title)).Append(" · AsterFarm</title>")
            .Append("<link rel=\"stylesheet\" href=\"").Append(DashboardAssets.Url("dashboard.css")).Append("\">")
            .Append("<script src=\"").Append(DashboardAssets.Url("dashboard.js")).Append("\" defer></script>")
            .Append("</head><body data-section=\"").Append(H(section)).Append('"');
        if (pageData is not null)
        {
            html.Append(' ').Append(pageData);
        }

        html.Append("><a class=\"skip\" href=\"#main\">Skip to content</a>")
            .Append("<header class=\"top\"><a class=\"brand\" href=\"./\">AsterFarm</a><nav aria-label=\"Sections\"><ul>");
        foreach (var (page, href, label) in Sections)
        {
            html.Append("<li><a href=\"").Append(href).Append('"').Append(page == section ? " aria-current=\"page\"" : string.Empty)
                .Append('>').Append(label).Append("</a></li>");
        }

        html.Append("</ul></nav>")
            .Append("<div class=\"token\"><label for=\"token\">Token</label>")
            .Append("<input id=\"token\" type=\"password\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"needed for actions\"></div>")
            .Append("</header><main id=\"main\" tabindex=\"-1\">")
            .Append(body)
            .Append("</main><div id=\"toast\" role=\"status\" aria-live=\"polite\"></div></body></html>");
        return html.ToString();
    }
}
