"""A self-contained HTML report for editors (`--format html > report.html`).

One page, no network and no external assets: each article's text with every line finding
highlighted in place (coloured by severity), a side list of findings grouped by category with
counts, links that scroll to a finding, filters by category and severity, and each rule's why, fix
and source in an expandable note. All article text is escaped (markup characters as entities,
control characters, bidi overrides and lone surrogates as visible `\\x1b`-style escapes); nothing
from an article reaches a script, and the page embeds no data in its script. Filters can also be
preset from the address: `report.html#hide=promotional-language,info`.
"""

from __future__ import annotations

import html
from collections import Counter

from ..finding import Finding
from .base import CollectingReporter, RunSummary
from .escape import visible

_STYLE = """
:root { --error: #c62828; --warning: #b26a00; --info: #1565c0; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; }
header { padding: 12px 20px; background: #f4f4f4; border-bottom: 1px solid #ddd; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 20px; padding: 20px; }
pre.article { white-space: pre-wrap; word-wrap: break-word; font: 14px/1.6 ui-monospace, monospace;
  background: #fff; border: 1px solid #ddd; padding: 12px; }
mark { border-radius: 2px; padding: 0 1px; }
mark.sev-error { background: #ffcdd2; box-shadow: inset 0 -2px var(--error); }
mark.sev-warning { background: #ffe0b2; box-shadow: inset 0 -2px var(--warning); }
mark.sev-info { background: #bbdefb; box-shadow: inset 0 -2px var(--info); }
mark.hidden { background: none; box-shadow: none; }
mark:target, mark.focus { outline: 2px solid #000; }
aside { position: sticky; top: 0; max-height: 100vh; overflow: auto; }
aside li.hidden { display: none; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; }
.sev.error { color: var(--error); }
.sev.warning { color: var(--warning); }
.sev.info { color: var(--info); }
fieldset { border: 1px solid #ddd; margin: 0 0 10px; }
details { margin: 2px 0 6px 0; font-size: 13px; color: #333; }
h2 { font-size: 18px; } h3 { font-size: 15px; margin-bottom: 4px; }
ul.findings { padding-left: 18px; }
"""

_SCRIPT = """
(function () {
  var hidden = {};
  function apply() {
    document.querySelectorAll('[data-category]').forEach(function (el) {
      var off = hidden[el.getAttribute('data-category')] || hidden[el.getAttribute('data-severity')];
      el.classList.toggle('hidden', !!off);
    });
  }
  document.querySelectorAll('input[data-filter]').forEach(function (box) {
    box.addEventListener('change', function () {
      hidden[box.getAttribute('data-filter')] = !box.checked;
      apply();
    });
  });
  var match = /(?:^|[#&])hide=([^&]*)/.exec(window.location.hash);
  if (match) {
    decodeURIComponent(match[1]).split(',').forEach(function (name) {
      if (!name) { return; }
      hidden[name] = true;
      document.querySelectorAll('input[data-filter]').forEach(function (box) {
        if (box.getAttribute('data-filter') === name) { box.checked = false; }
      });
    });
  }
  document.querySelectorAll('a[data-target]').forEach(function (link) {
    link.addEventListener('click', function () {
      var mark = document.getElementById(link.getAttribute('data-target'));
      if (mark) {
        document.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
        mark.classList.add('focus');
        mark.scrollIntoView({block: 'center'});
      }
    });
  });
  apply();
  document.body.setAttribute('data-ready', 'yes');
})();
"""


def _e(text: object) -> str:
    """Text or an attribute value (always double-quoted) as HTML: markup characters as entities,
    other controls as visible escapes; tab and line breaks are kept for the article's <pre>."""
    return html.escape(visible(str(text), keep="\t\r\n"), quote=True)


class HtmlReporter(CollectingReporter):
    def finish(self, summary: RunSummary) -> None:
        rules = {r.code: r for r in self.rules}
        out: list[str] = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>healthlint report</title>",
            f"<style>{_STYLE}</style></head><body>",
            "<header><strong>healthlint report</strong> "
            f"· {len(self.sources)} file(s) · {summary.findings} finding(s) "
            + " ".join(f'<span class="sev {s}">{n} {s}</span>' for s, n in sorted(summary.by_severity.items()))
            + f" · healthlint {_e(self.version)}</header>",
        ]
        categories = sorted({f.category for _, fs in self.sources for f in fs})
        severities = [
            s for s in ("error", "warning", "info") if any(f.severity == s for _, fs in self.sources for f in fs)
        ]
        out.append('<main><div class="articles">')
        out.append('<nav id="files"><h2>Files</h2><ul>')
        for n, (source, findings) in enumerate(self.sources):
            out.append(f'<li><a href="#file-{n}">{_e(source.path)}</a> ({len(findings)})</li>')
        out.append("</ul></nav>")
        counter = 0
        side: list[str] = []
        for n, (source, findings) in enumerate(self.sources):
            out.append(f'<section id="file-{n}"><h2>{_e(source.path)}</h2>')
            ids: dict[int, str] = {}
            line_findings = [f for f in findings if f.scope == "line"]
            for f in line_findings:
                counter += 1
                ids[id(f)] = f"f{counter}"
            # A line break right after <pre> is dropped by HTML parsers: double an article's first one.
            lead = "\n" if source.text.startswith(("\n", "\r")) else ""
            out.append(
                '<pre class="article">' + lead + _highlight(source.text, line_findings, ids) + "</pre></section>"
            )
            side.append(f'<h3><a href="#file-{n}">{_e(source.path)}</a></h3>')
            by_category = Counter(f.category for f in findings)
            for category in sorted(by_category):
                side.append(f'<h4>{_e(category)} ({by_category[category]})</h4><ul class="findings">')
                for f in (f for f in findings if f.category == category):
                    rule = rules.get(f.rule)
                    target = ids.get(id(f))
                    where = f"line {f.line}" if f.scope == "line" else "whole article"
                    link = (
                        f'<a href="#{target}" data-target="{target}">{_e(f.rule)} {where}</a>'
                        if target
                        else f"{_e(f.rule)} {where}"
                    )
                    note = ""
                    if rule is not None:
                        source_line = ""
                        if f.source:
                            url = f.source[1]
                            title = _e(f.source[0])
                            source_line = (
                                f'<br>Source: <a href="{_e(url)}" rel="noreferrer">{title}</a>'
                                if url and url.startswith(("https://", "http://"))
                                else f"<br>Source: {title}"
                            )
                        suggestion = f"<br>Suggestion: {_e(f.suggestion)}" if f.suggestion else ""
                        note = (
                            f"<details><summary>why and how to fix</summary>{_e(' '.join(rule.why.split()))}"
                            f"<br>Fix: {_e(' '.join(rule.fix.split()))}{suggestion}{source_line}</details>"
                        )
                    side.append(
                        f'<li data-category="{_e(f.category)}" data-severity="{_e(f.severity)}">'
                        f'<span class="sev {_e(f.severity)}">{_e(f.severity)}</span> {link}: {_e(f.message)}{note}</li>'
                    )
                side.append("</ul>")
        out.append("</div><aside><h2>Findings</h2>")
        out.append("<fieldset><legend>Categories</legend>")
        for category in categories:
            out.append(
                f'<label><input type="checkbox" checked data-filter="{_e(category)}"> {_e(category)}</label><br>'
            )
        out.append("</fieldset><fieldset><legend>Severity</legend>")
        for severity in severities:
            out.append(f'<label><input type="checkbox" checked data-filter="{severity}"> {severity}</label> ')
        out.append("</fieldset>")
        out.extend(side)
        out.append(f"</aside></main><script>{_SCRIPT}</script></body></html>")
        self.stream.write("\n".join(out) + "\n")


def _highlight(text: str, findings: list[Finding], ids: dict[int, str]) -> str:
    """The escaped text with one <mark> per finding; overlapping spans are nested (a span that
    crosses the end of an open one is clipped to it), so every finding has exactly one mark."""
    spans = sorted(findings, key=lambda f: (f.offset, -f.end_offset, f.rule))
    parts: list[str] = []
    stack: list[int] = []  # end offsets of open marks
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            parts.append(_e(text[pos:end]))
            pos = end
            parts.append("</mark>")

    for f in spans:
        start = max(f.offset, pos)
        close_until(start)
        end = max(start, f.end_offset)
        if stack:
            end = min(end, stack[-1])
        parts.append(_e(text[pos:start]))
        pos = start
        title = _e(f"{f.rule} {f.name}: {f.message}")
        parts.append(
            f'<mark id="{ids[id(f)]}" class="sev-{_e(f.severity)}" data-category="{_e(f.category)}" '
            f'data-severity="{_e(f.severity)}" title="{title}">'
        )
        stack.append(end)
    close_until(len(text))
    parts.append(_e(text[pos:]))
    return "".join(parts)
