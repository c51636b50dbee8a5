/**
 * The dashboard's whole stylesheet, inlined so the file opens offline from ownCloud.
 * Mobile first: cards wrap, wide tables scroll inside their own box, charts shrink to the
 * screen. Colours match the charts (Okabe–Ito, see charts/chart-svg.ts).
 */
export const DASHBOARD_CSS = `
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--accent:#0072B2;
--valid:#009E73;--corrected:#0072B2;--invalid:#D55E00;--empty:#BBBBBB;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 "DejaVu Sans",Verdana,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";overflow-wrap:anywhere}
header.top{background:#0b3954;color:#fff;padding:20px 16px 16px}
header.top .wrap,nav.sections .wrap{max-width:1068px;margin:0 auto}
section,#headline{scroll-margin-top:48px}
header.top h1{margin:0 0 4px;font-size:1.4rem;line-height:1.25}
header.top .subtitle{margin:0 0 12px;opacity:.8;font-size:.9rem}
header.top .file{margin:0 0 12px;font-size:1.05rem;font-weight:600;word-break:break-all}
header.top .file code{background:rgba(255,255,255,.14);color:#fff;padding:2px 8px}
header.top dl{display:flex;flex-wrap:wrap;gap:4px 24px;margin:0}
header.top dl div{min-width:0}
header.top dt{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;opacity:.75}
header.top dd{margin:0;font-weight:600}
header.top .reading-notes{margin:12px 0 0;padding-left:18px;font-size:.9rem}
header.top .reading-notes li.warning{font-weight:700}
header.top .reading-notes li.warning::before{content:"⚠ "}
nav.sections{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);overflow-x:auto;white-space:nowrap;padding:0 8px}
nav.sections a{display:inline-block;padding:10px 8px;color:var(--accent);text-decoration:none;font-size:.9rem}
nav.sections a:hover,nav.sections a:focus{text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:16px}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px;min-width:0}
section>h2{margin:0 0 12px;font-size:1.2rem}
h3{font-size:1rem;margin:16px 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 16px}
.card{flex:1 1 140px;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;min-width:0}
.card .label{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.card .value{font-size:1.6rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card .share{font-size:.85rem;color:var(--muted)}
.card.quality{flex-basis:100%;border-left:6px solid var(--valid)}
.card.quality.no-score{border-left-color:var(--empty)}
.card.quality .definition{margin:4px 0 0;font-size:.85rem;color:var(--muted)}
.card.kept{border-top:4px solid var(--valid)}.card.duplicates{border-top:4px solid var(--empty)}.card.rejected{border-top:4px solid var(--invalid)}.card.input{border-top:4px solid var(--accent)}
.table-scroll{overflow-x:auto;max-width:100%;border:1px solid var(--line);border-radius:6px;margin:0 0 12px}
.table-scroll.compact{width:fit-content;min-width:min(100%,360px)}
.table-scroll.tall{max-height:70vh;overflow-y:auto}
table{border-collapse:separate;border-spacing:0;width:100%;font-size:.9rem;overflow-wrap:normal}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{position:sticky;top:0;background:#eef2f5;z-index:1;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td .pct{display:block;font-size:.75rem;color:var(--muted)}
#field-table tbody th{position:sticky;left:0;z-index:1;background:#fff;min-width:7em;max-width:22em;overflow-wrap:break-word;box-shadow:1px 0 0 var(--line)}
#field-table thead th:first-child{left:0;z-index:2}
th button{all:unset;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
th button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
th button::after{content:"\\2195";opacity:.35;font-size:.8em}
th[aria-sort=ascending] button::after{content:"\\2191";opacity:1}
th[aria-sort=descending] button::after{content:"\\2193";opacity:1}
.meter{display:block;height:6px;background:#eee;border-radius:3px;margin-top:3px;min-width:60px;overflow:hidden}
.meter>span{display:block;height:100%;background:var(--valid)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,600px),1fr));gap:16px;align-items:start}
.charts.pair{grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr))}
figure.chart{margin:0 0 12px;min-width:0;overflow-x:auto}
figure.chart svg{display:block;max-width:100%;height:auto;margin:0 auto}
/* Below this width chart labels get too small to read: the chart scrolls sideways instead. */
@media (max-width:520px){figure.chart svg{max-width:none;width:480px}}
figure.chart svg text{font-family:"DejaVu Sans",Verdana,sans-serif}
/* Labels drawn over bars must not swallow the tap meant for the bar; a label with its own title keeps it. */
figure.chart svg text:not(:has(> title)){pointer-events:none}
figure.chart svg :is(path,g):has(> title){cursor:pointer}
details{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;background:#fff}
details>summary{cursor:pointer;padding:8px 12px;font-weight:600;list-style-position:inside}
details>summary .hint{font-weight:400;color:var(--muted);font-size:.85rem}
details>.body{padding:0 12px 8px}
details ul{margin:4px 0 8px;padding-left:20px}
code{font:.9em/1.4 "DejaVu Sans Mono",Menlo,Consolas,monospace;background:#f0f3f6;padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
.arrow{color:var(--muted);padding:0 4px}
td.arrow{vertical-align:middle}
h4{margin:12px 0 4px;font-size:.95rem}
.empty-note{color:var(--muted);font-style:italic;margin:4px 0}
#quality-gates.failed{border-color:var(--invalid)}#quality-gates .gate-verdict{font-weight:700}#quality-gates.failed .gate-verdict,tr.gate.broken.error{color:var(--invalid)}tr.gate.broken{font-weight:700}tr.gate.broken.warning{color:#8a5a00}tr.gate.not_measured{color:var(--muted)}
.fuzzy-counts{display:flex;flex-wrap:wrap;gap:4px 32px;margin:0 0 8px}.fuzzy-counts dt{font-size:.8rem;color:var(--muted)}.fuzzy-counts dd{margin:0;font-weight:700;font-size:1.2rem}.fuzzy-counts code{font-size:.9rem;font-weight:400;word-break:break-all}#holder-check .holder-verdict{font-weight:700}tr.verdict.nao{color:var(--invalid);font-weight:700}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:8px 16px 24px}
#chart-tip{position:fixed;z-index:10;max-width:min(320px,90vw);background:#1f2328;color:#fff;padding:6px 10px;border-radius:6px;font-size:.85rem;pointer-events:none}
#chart-tip[hidden]{display:none}
@media (max-width:600px){main{padding:8px}#field-table tbody th{max-width:9em;font-size:.85rem}section{padding:12px}.card .value{font-size:1.35rem}header.top .wrap,nav.sections .wrap{max-width:1068px;margin:0 auto}
section,#headline{scroll-margin-top:48px}
header.top h1{font-size:1.2rem}}
@media print{nav.sections,#chart-tip{display:none}body{background:#fff}section{break-inside:avoid-page;border:0}.table-scroll.tall{max-height:none}}
`;
