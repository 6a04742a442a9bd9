import Arbiter

/// The report's colours and its one inline style sheet.
///
/// Each outcome has one colour everywhere (cards, charts, tables, the compare matrix):
/// applied green, clamped teal, pending approval amber, blocked red, hold grey, error
/// dark red.
enum HTMLStyle {
    /// The colour of an outcome.
    static func color(of outcome: Outcome) -> String {
        switch outcome {
        case .applied: "#2f9e44"
        case .clamped: "#0c8599"
        case .pendingApproval: "#f59f00"
        case .blocked: "#e03131"
        case .hold: "#adb5bd"
        case .error: "#8b1e1e"
        }
    }

    /// The colour of a guard's result.
    static func color(of result: GuardEvent.Result) -> String {
        switch result {
        case .held: "#ced4da"
        case .clamped: "#0c8599"
        case .blocked: "#e03131"
        case .escalated: "#f59f00"
        case .warned: "#fcc419"
        case .conflict: "#7048e8"
        }
    }

    /// Increases in the change distribution.
    static let up = "#1c7ed6"
    /// Decreases in the change distribution.
    static let down = "#e8590c"
    /// A budget's use.
    static let budget = "#4263eb"
    /// A budget's limit.
    static let limit = "#e03131"
    /// A neutral accent.
    static let neutral = "#495057"

    /// The style sheet: system fonts, cards and panels on a light background, a dark
    /// header, responsive grids.
    static let css = """
    :root{--ink:#1b1f24;--muted:#5f6b7a;--faint:#6b7685;--line:#e6e9ee;--bg:#f4f6f9;--panel:#fff;color-scheme:only light}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif}
    code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.92em}
    .wrap{max-width:1200px;margin:0 auto;padding:0 24px}
    header.top{background:linear-gradient(135deg,#111827,#1f2a44);color:#f3f4f6;padding:28px 0 48px}
    .eyebrow{font-size:12px;letter-spacing:.09em;text-transform:uppercase;color:#9aa5b8;margin:0}
    h1{font-size:30px;line-height:1.2;margin:6px 0 16px;font-weight:650;letter-spacing:-.01em;overflow-wrap:anywhere}
    .meta{display:flex;flex-wrap:wrap;gap:10px 36px;margin:0}
    .meta div{min-width:0}
    .meta dt{font-size:11px;letter-spacing:.07em;text-transform:uppercase;color:#9aa5b8}
    .meta dd{margin:2px 0 0;font-size:14px;color:#f9fafb;overflow-wrap:anywhere}
    main{margin-top:-30px;padding-bottom:8px}
    .notice{background:#fff8e1;border:1px solid #f5d48a;color:#6b4e00;border-radius:8px;padding:10px 14px;margin:0 0 18px}
    td.nowrap{white-space:nowrap}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(132px,1fr));gap:12px;margin-bottom:18px}
    .card{background:var(--panel);border-radius:10px;padding:12px 14px 12px;box-shadow:0 1px 2px rgba(16,24,40,.06),0 4px 12px rgba(16,24,40,.05);border-top:3px solid var(--accent,#495057)}
    .card-label{font-size:12px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    .card-value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;line-height:1.25;margin-top:2px}
    .card-detail{font-size:12px;color:var(--faint);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    .panel{background:var(--panel);border-radius:10px;padding:16px 20px 18px;margin-bottom:18px;box-shadow:0 1px 2px rgba(16,24,40,.06),0 4px 12px rgba(16,24,40,.05);min-width:0}
    .panel h2{font-size:15px;font-weight:650;margin:0;overflow-wrap:anywhere}
    .panel .note{font-size:12.5px;color:var(--muted);margin:2px 0 8px}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:0 18px}
    .legend{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;margin:6px 0 4px;padding:0;font-size:12px;color:var(--muted)}
    .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
    svg.chart{display:block;width:100%;height:auto;margin-top:6px;overflow:visible}
    svg.chart text{font-size:11px;fill:#6b7685}
    svg.chart .value{fill:#343a40;font-weight:600}
    svg.chart .strong{fill:#343a40;font-size:12px}
    svg.chart .limit-label{fill:#c92a2a;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:4px}
    svg.chart .halo{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
    table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums;margin-top:6px}
    th{font-size:11px;font-weight:600;letter-spacing:.03em;text-transform:uppercase;color:var(--muted);text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);white-space:nowrap}
    td{padding:6px 8px;border-bottom:1px solid #f0f2f5;vertical-align:middle;overflow-wrap:anywhere}
    tbody tr:last-child td{border-bottom:0}
    tbody tr:hover td{background:#fafbfc}
    .num{text-align:right;white-space:nowrap}
    .meter{display:inline-block;width:90px;height:6px;border-radius:3px;background:#edf0f3;overflow:hidden;vertical-align:middle}
    .meter span{display:block;height:100%;border-radius:3px}
    .tag{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;color:#fff;background:var(--accent);white-space:nowrap}
    .empty{color:var(--faint);font-style:italic;margin:10px 0 2px}
    .scroll{overflow-x:auto}
    th .tag{text-transform:none;letter-spacing:0}
    .grid.compare{grid-template-columns:minmax(0,2fr) minmax(0,3fr)}
    .matrix td,.matrix th{text-align:center;padding:6px 6px}
    .matrix th.row{text-align:left}
    .matrix td.diagonal{outline:2px solid #94a3b8;outline-offset:-2px;font-weight:650}
    .delta-up{color:#1c7ed6}.delta-down{color:#e8590c}
    .example{margin:2px 0;font-size:12.5px}
    .example .tag{font-size:11px;padding:0 6px}
    h2.divider{font-size:19px;font-weight:650;margin:34px 0 14px}
    details.section{margin-bottom:18px}
    details.section>summary{cursor:pointer;font-weight:600;color:var(--muted);margin:6px 0 12px}
    footer{color:var(--faint);font-size:12px;text-align:center;padding:8px 0 32px}
    @media (max-width:960px){.grid.compare{grid-template-columns:minmax(0,1fr)}}
    @media (max-width:720px){.wrap{padding:0 14px}h1{font-size:23px}.grid{grid-template-columns:minmax(0,1fr)}.card-value{font-size:20px}
      .panel{overflow-x:auto}svg.chart{min-width:520px}}
    @media print{body{background:#fff}.panel,.card{box-shadow:none;border:1px solid var(--line)}
      .panel{break-inside:avoid}h2{break-after:avoid}.scroll,.panel{overflow:visible}svg.chart{min-width:0}
      details.section::details-content{content-visibility:visible;display:block}}
    """
}
