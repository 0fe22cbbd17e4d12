/// The report's style sheet, `report.css`.
enum SiteStyle {
    static let source = #"""
    body { font: 15px/1.45 "DejaVu Sans", system-ui, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #222; }
    h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 1.6em; } h3 { font-size: 1.1em; }
    nav { margin-bottom: 1em; } a { color: #1f5fa8; }
    code { font-size: 0.92em; background: #f3f3f3; padding: 0 0.2em; }
    table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.88em; }
    th, td { border: 1px solid #ccc; padding: 0.2em 0.45em; text-align: left; vertical-align: top; }
    th { background: #f0f0f0; }
    td.measured, td.expected, td.margin, td.probability, td.runs { white-space: nowrap; font-variant-numeric: tabular-nums; }
    table.verdicts td.how, table.verdicts td.source { font-size: 0.88em; color: #555; }
    table.verdicts td.source { min-width: 16em; }
    tr.verdict-pass td.verdict { color: #1a7f37; font-weight: bold; }
    tr.verdict-fail td.verdict, tr.verdict-outofdate td.verdict { color: #c62828; font-weight: bold; }
    tr.verdict-deviates td.verdict { color: #b26a00; font-weight: bold; }
    tr.verdict-incomplete td.verdict { color: #666; font-weight: bold; }
    tr.fragile td.verdict::after { content: " ⚠"; }
    .scroll { overflow-x: auto; }
    table.points td { white-space: nowrap; font-variant-numeric: tabular-nums; }
    section.figure { border-top: 1px solid #ddd; padding-top: 0.5em; margin-top: 1em; }
    .chart { width: 100%; height: 420px; }
    .controls { margin: 0.3em 0; font-size: 0.9em; }
    .controls label { margin-right: 1.2em; }
    .controls button { margin-right: 1em; }
    .hover { min-height: 1.4em; font-size: 0.85em; color: #333; }
    ul.legend { list-style: none; padding: 0; margin: 0.3em 0; display: flex; flex-wrap: wrap; gap: 0.3em 1em; }
    ul.legend button { border: 1px solid #ccc; background: #fff; border-radius: 3px; padding: 0.1em 0.5em; cursor: pointer; font: inherit; font-size: 0.9em; }
    ul.legend button .swatch { display: inline-block; width: 1.4em; height: 0.35em; vertical-align: middle; margin-right: 0.4em; }
    ul.legend button.off { opacity: 0.4; text-decoration: line-through; }
    .figure-facts { font-size: 0.85em; color: #555; }
    .provenance { background: #fafafa; border: 1px solid #ddd; padding: 0.5em; margin: 0.5em 0; }
    .provenance table { font-size: 0.82em; }
    .citation { font-style: italic; }
    .deviations { font-size: 0.9em; }
    """#
}
