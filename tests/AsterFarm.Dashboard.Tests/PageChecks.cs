namespace AsterFarm.Dashboard.Tests;

/// <summary>Accessibility and layout checks run inside the page; each returns the problems it found, one line each.</summary>
internal static class PageChecks
{
    /// <summary>
    /// Landmarks (banner, labelled navigation, main, one h1, a language), an accessible name on every control, WCAG AA
    /// contrast (4.5:1) for the text of every status badge, 3:1 for progress and timeline colours against white, and
    /// no horizontal scrolling of the page itself (wide tables scroll inside their own box).
    /// </summary>
    public const string Script = """
        const problems = [];
        const need = (selector, what) => { if (!document.querySelector(selector)) problems.push('missing ' + what); };
        need('header', 'banner landmark (header)');
        need('nav[aria-label]', 'labelled navigation landmark');
        need('main', 'main landmark');
        need('h1', 'h1 heading');
        if (!document.documentElement.lang) problems.push('no lang on <html>');
        for (const el of document.querySelectorAll('input, select, textarea, button')) {
          if (el.type === 'hidden') continue;
          const label = el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
          const name = (el.getAttribute('aria-label') || (label && label.textContent) || (el.closest('label') && el.closest('label').textContent)
            || (el.tagName === 'BUTTON' ? el.textContent : '') || '').trim();
          if (!name) problems.push('control without an accessible name: ' + el.outerHTML.slice(0, 80));
        }
        const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
        const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        const probe = document.createElement('div');
        document.body.appendChild(probe);
        for (const state of ['succeeded', 'built', 'cached', 'running', 'planning', 'failed', 'dependencyfailed', 'waiting', 'planned', 'cancelled', 'unknown', 'up', 'unreachable']) {
          const badge = document.createElement('span');
          badge.className = 'badge s-' + state;
          badge.textContent = state;
          probe.appendChild(badge);
          const style = getComputedStyle(badge);
          const ratio = contrast(rgb(style.color), rgb(style.backgroundColor));
          if (ratio < 4.5) problems.push('status ' + state + ': text contrast ' + ratio.toFixed(2) + ' < 4.5');
        }
        for (const cls of ['seg done', 'seg running', 'seg failed', 'seg waiting', 'sw native', 'sw emulated', 'sw failed']) {
          const swatch = document.createElement('span');
          swatch.className = cls;
          probe.appendChild(swatch);
          const ratio = contrast(rgb(getComputedStyle(swatch).backgroundColor), [255, 255, 255]);
          if (ratio < 3) problems.push(cls + ': contrast ' + ratio.toFixed(2) + ' < 3 against white');
        }
        probe.remove();
        for (const badge of document.querySelectorAll('main .badge')) {
          const style = getComputedStyle(badge);
          if (contrast(rgb(style.color), rgb(style.backgroundColor)) < 4.5) problems.push('badge "' + badge.textContent + '" has low contrast');
        }
        const width = document.documentElement.scrollWidth;
        if (width > window.innerWidth + 1) problems.push('the page is ' + width + ' px wide in a ' + window.innerWidth + ' px window');
        return problems;
        """;
}
