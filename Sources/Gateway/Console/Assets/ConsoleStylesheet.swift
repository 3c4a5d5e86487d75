/// The console's only stylesheet: system fonts, no external resources, one column on a phone.
enum ConsoleStylesheet {
    static let css = #"""
:root{--bg:#f6f7f9;--card:#fff;--ink:#1c2330;--muted:#667085;--line:#e3e6ec;--accent:#5b3df5;--accent-ink:#fff;--ok:#137a3a;--okbg:#e6f6ec;--bad:#b42318;--badbg:#fdecea;--radius:10px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;background:var(--bg);color:var(--ink)}
a{color:var(--accent)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
pre{white-space:pre-wrap;word-break:break-all;margin:0}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem 1rem;background:#161327;color:#fff}
.top a{color:#d9d3ff;text-decoration:none}
.brand{font-weight:700;font-size:1.1rem;color:#fff!important;letter-spacing:.02em}
.top nav{display:flex;gap:.25rem;overflow-x:auto;flex:1 1 auto;-webkit-overflow-scrolling:touch}
.top nav a{padding:.3rem .6rem;border-radius:6px;white-space:nowrap}
.top nav a.on,.top nav a:hover{background:#2e2852;color:#fff}
.who{display:flex;align-items:center;gap:.5rem;font-size:.85rem;color:#b9b3dd}
.who form{margin:0}
button.link{background:none;border:0;color:#d9d3ff;padding:0;cursor:pointer;font:inherit;text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .75rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin-bottom:1rem}
.narrow{max-width:440px;margin-left:auto;margin-right:auto}
.auth{margin-top:8vh}
.muted{color:var(--muted)}
.small{font-size:.82rem}
.stack{display:flex;flex-direction:column;gap:.75rem}
label{display:flex;flex-direction:column;gap:.25rem;font-size:.9rem;font-weight:500}
label.check{flex-direction:row;align-items:center;gap:.4rem;font-weight:400}
input,select,textarea,button,.button{font:inherit;padding:.5rem .65rem;border:1px solid #cfd4dc;border-radius:7px;background:#fff;color:var(--ink);min-height:2.4rem}
textarea{resize:vertical}
input:focus,select:focus,textarea:focus{outline:2px solid #b7a9ff;border-color:var(--accent)}
button,.button{cursor:pointer;background:#f1f2f6;text-decoration:none;display:inline-block}
button.primary{background:var(--accent);color:var(--accent-ink);border-color:var(--accent);font-weight:600}
button.primary:disabled{opacity:.6;cursor:wait}
button.danger{color:var(--bad);border-color:#f1b5ae;background:#fff}
button.small{min-height:2rem;padding:.25rem .6rem;font-size:.85rem}
.notice{padding:.6rem .8rem;border-radius:8px;margin:0 0 1rem;background:var(--okbg);color:var(--ok)}
.notice.error{background:var(--badbg);color:var(--bad)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:1rem;margin-bottom:1rem}
.stat{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.9rem 1rem;display:flex;flex-direction:column;min-width:0}
.stat .label{color:var(--muted);font-size:.85rem}
.stat .value{font-size:1.6rem;font-weight:700;overflow-wrap:anywhere}
.stat .value.small{font-size:.95rem;font-weight:500}
.chart{width:100%;height:auto;display:block}
.chart .bar{fill:#b7a9ff}
.chart .balance{stroke:var(--accent);stroke-width:2}
.chart .axis{stroke:#c9ced8}
.chart .tick{font-size:11px;fill:var(--muted)}
.chart .tick.end{text-anchor:end}
.legend{font-size:.85rem;color:var(--muted);display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.swatch{display:inline-block;width:14px;height:10px;border-radius:2px}
.swatch.bar{background:#b7a9ff}.swatch.line{background:var(--accent);height:3px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;white-space:nowrap}
.status{display:inline-block;padding:.05rem .5rem;border-radius:99px;font-size:.8rem;background:var(--okbg);color:var(--ok)}
.status.revoked,.status.expired{background:var(--badbg);color:var(--bad)}
.tag{font-size:.72rem;background:#eeeaff;color:#4a33c9;border-radius:4px;padding:0 .35rem}
form.inline{display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;margin:0}
form.inline input,form.inline select{min-height:2rem;padding:.25rem .45rem}
.grid-form{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:.75rem;align-items:end}
fieldset{border:1px solid var(--line);border-radius:8px;grid-column:1/-1;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:1rem}
.secret{border-color:#b7a9ff;background:#faf8ff}
.copyrow{display:flex;gap:.5rem;align-items:flex-start}
.copyrow code,.copyrow pre{flex:1;background:#f3f1fb;padding:.6rem;border-radius:7px;overflow-wrap:anywhere;min-width:0}
.pager{display:flex;gap:1rem}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}
.tile{margin:0;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);overflow:hidden}
.tile img{width:100%;aspect-ratio:1;object-fit:cover;display:block;background:#eceef3}
.tile figcaption{padding:.6rem .75rem}
.tile p{margin:.15rem 0}
.prompt{display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.meta{font-size:.8rem;color:var(--muted)}
.play{display:grid;grid-template-columns:minmax(280px,420px) 1fr;gap:1rem;align-items:start}
.row{display:flex;flex-wrap:wrap;gap:.6rem}
.row label{flex:1 1 110px}
.canvas-wrap{position:relative;margin-top:.5rem;border-radius:8px;overflow:hidden;background:#eceef3}
.canvas-wrap canvas{display:block;width:100%;height:auto}
#mask-canvas{position:absolute;inset:0;opacity:.55;cursor:crosshair;touch-action:none}
.progress{display:flex;align-items:center;gap:.6rem;padding:.5rem 0}
.spinner{width:22px;height:22px;border:3px solid #ddd6ff;border-top-color:var(--accent);border-radius:50%;animation:spin .8s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
.results{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}
.results figure{margin:0}
.results img{width:100%;height:auto;border-radius:8px;display:block;background:#eceef3}
.results figcaption{font-size:.82rem;color:var(--muted);display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.3rem}
.description{grid-column:1/-1;font-size:1rem;background:#f3f1fb;padding:.8rem;border-radius:8px}
.empty{margin:0}
.spark{width:100%;height:50px;margin-top:.4rem}
.spark rect{fill:#b7a9ff}
#spark-errors rect{fill:#f3a39b}
.steps li{margin:.3rem 0}
[hidden]{display:none!important}
@media (max-width:720px){
main{padding:.75rem}
.play{grid-template-columns:1fr}
.who span{display:none}
.top nav{flex-wrap:wrap;overflow:visible;flex-basis:100%;order:3}
.top nav a{padding:.25rem .5rem}
.stat .value{font-size:1.3rem}
th,td{padding:.4rem .35rem}
}
"""#
}
