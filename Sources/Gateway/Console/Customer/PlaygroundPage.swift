import IdeogramAPI

/// The playground's form. The script (`console.js`) sends it to `/console/api/…`, shows a
/// spinner and the elapsed time while the gateway works, then the images or the description.
enum PlaygroundPage {
    static func render(_ v: ConsoleViewer, prices: [PriceEntry]) -> String {
        func price(_ op: String, _ variant: String) -> String {
            let entry = prices.first { $0.operation == op && $0.variant == variant } ?? prices.first { $0.operation == op && $0.variant == "*" }
            return entry.map { Money.format($0.micros) } ?? "—"
        }
        let speeds = ["TURBO", "DEFAULT", "QUALITY"]
        let speedOptions = speeds.map { s -> String in
            #"<option value="\#(s)"\#(s == "TURBO" ? " selected" : "")>\#(s.capitalized) — \#(price("v3.generate", s))/image</option>"#
        }.joined()
        let ratios = ["1x1", "16x9", "9x16", "4x3", "3x4", "3x2", "2x3", "2x1", "1x2"]
        return """
            <h1>Playground</h1>
            <p class="muted">Balance <strong id="balance">\(Money.format(v.account.balanceMicros))</strong>. Runs bill your balance like API calls.
            Upscale \(price("legacy.upscale", "*")), describe \(price("legacy.describe", "*")) per request.</p>
            <div class="play">
            <form id="play" class="card stack" data-api="/console/api/ideogram">
            <label>Operation<select name="op" id="op">
            <option value="generate">Generate</option><option value="remix">Remix an image</option>
            <option value="edit">Edit (paint a mask)</option><option value="upscale">Upscale</option><option value="describe">Describe</option>
            </select></label>
            <label data-ops="generate remix edit">Prompt<textarea name="prompt" id="prompt" rows="3" maxlength="10000" placeholder="A lighthouse at dusk, the text &quot;Ideogate&quot; in neon"></textarea></label>
            <div class="row">
            <label data-ops="generate remix edit">Speed<select name="rendering_speed">\(speedOptions)</select></label>
            <label data-ops="generate remix">Aspect<select name="aspect_ratio">\(ratios.map { #"<option>\#($0)</option>"# }.joined())</select></label>
            <label data-ops="generate remix">Images<select name="num_images"><option>1</option><option>2</option><option>3</option><option>4</option></select></label>
            <label data-ops="remix">Image weight<input type="number" name="image_weight" min="1" max="100" value="50"></label>
            </div>
            <div data-ops="remix edit upscale describe" class="source">
            <label>Input image<input type="file" id="source-file" accept="image/png,image/jpeg,image/webp"></label>
            <p class="muted small">Or press “Use” under a result below.</p>
            <div class="canvas-wrap" id="canvas-wrap" hidden>
            <canvas id="source-canvas"></canvas><canvas id="mask-canvas" data-ops="edit"></canvas>
            </div>
            <div data-ops="edit" class="row">
            <label>Brush<input type="range" id="brush" min="4" max="160" value="40"></label>
            <button type="button" id="clear-mask">Clear mask</button>
            </div>
            <p data-ops="edit" class="muted small">Paint over the part to change: black in the mask is edited.</p>
            </div>
            <button type="submit" class="primary" id="run">Run</button>
            </form>
            <section class="card" id="output">
            <div id="progress" class="progress" hidden><span class="spinner"></span><span id="progress-text">Working…</span></div>
            <p id="play-error" class="notice error" hidden></p>
            <p id="play-cost" class="muted" hidden></p>
            <div id="results" class="results"><p class="muted empty">Results appear here.</p></div>
            </section>
            </div>
            """
    }
}
