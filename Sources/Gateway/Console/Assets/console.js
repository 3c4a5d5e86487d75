"use strict";
(function () {
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }
  function money(micros) {
    var s = (Math.abs(micros) / 1e6).toFixed(6).replace(/0{1,4}$/, "");
    return (micros < 0 ? "-$" : "$") + s;
  }

  // Copy buttons and confirmations.
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-copy]");
    if (!b) return;
    var text = $(b.getAttribute("data-copy")).textContent;
    (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).then(
      function () { b.textContent = "Copied"; }, function () { b.textContent = "Select and copy"; });
  });
  document.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });

  // Playground.
  var form = $("play");
  if (form) playground(form);

  function playground(form) {
    var op = $("op"), source = null, sourceImage = null, painting = false;
    var sc = $("source-canvas"), mc = $("mask-canvas"), wrap = $("canvas-wrap");
    var paths = { generate: "/v1/ideogram-v3/generate", remix: "/v1/ideogram-v3/remix",
      edit: "/v1/ideogram-v3/edit", upscale: "/upscale", describe: "/describe" };

    function showFields() {
      form.querySelectorAll("[data-ops]").forEach(function (n) {
        n.hidden = n.getAttribute("data-ops").split(" ").indexOf(op.value) < 0;
      });
    }
    op.addEventListener("change", showFields);
    showFields();

    function useSource(blob) {
      source = blob;
      var img = new Image();
      img.onload = function () {
        sourceImage = img;
        sc.width = mc.width = img.naturalWidth;
        sc.height = mc.height = img.naturalHeight;
        sc.getContext("2d").drawImage(img, 0, 0);
        mc.getContext("2d").clearRect(0, 0, mc.width, mc.height);
        wrap.hidden = false;
      };
      img.src = URL.createObjectURL(blob);
    }
    $("source-file").addEventListener("change", function (ev) {
      if (ev.target.files[0]) useSource(ev.target.files[0]);
    });

    // The mask: paint in black over the image; exported as black on white at full size.
    function paint(ev) {
      if (!painting) return;
      var r = mc.getBoundingClientRect(), ctx = mc.getContext("2d");
      var scale = mc.width / r.width, size = $("brush").value * scale;
      ctx.fillStyle = "#000";
      ctx.beginPath();
      ctx.arc((ev.clientX - r.left) * scale, (ev.clientY - r.top) * scale, size / 2, 0, Math.PI * 2);
      ctx.fill();
    }
    mc.addEventListener("pointerdown", function (ev) { painting = true; mc.setPointerCapture(ev.pointerId); paint(ev); });
    mc.addEventListener("pointermove", paint);
    mc.addEventListener("pointerup", function () { painting = false; });
    $("clear-mask").addEventListener("click", function () { mc.getContext("2d").clearRect(0, 0, mc.width, mc.height); });
    function maskBlob() {
      var out = document.createElement("canvas");
      out.width = mc.width; out.height = mc.height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(mc, 0, 0);
      return new Promise(function (res) { out.toBlob(res, "image/png"); });
    }

    function fail(message) {
      var e = $("play-error");
      e.textContent = message; e.hidden = false;
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var kind = op.value, fd = new FormData(), f = form.elements;
      $("play-error").hidden = true;
      if (kind !== "generate" && !source) return fail("Choose an input image first.");
      if (["generate", "remix", "edit"].indexOf(kind) >= 0) {
        if (!f.prompt.value.trim()) return fail("Write a prompt first.");
        fd.append("prompt", f.prompt.value);
        fd.append("rendering_speed", f.rendering_speed.value);
      }
      if (kind === "generate" || kind === "remix") {
        fd.append("aspect_ratio", f.aspect_ratio.value);
        fd.append("num_images", f.num_images.value);
      }
      if (kind === "remix") { fd.append("image_weight", f.image_weight.value); fd.append("image", source, "input.png"); }
      if (kind === "upscale") { fd.append("image_request", "{}"); fd.append("image_file", source, "input.png"); }
      if (kind === "describe") fd.append("image_file", source, "input.png");
      var ready = Promise.resolve();
      if (kind === "edit") {
        fd.append("image", source, "input.png");
        ready = maskBlob().then(function (m) { fd.append("mask", m, "mask.png"); });
      }
      ready.then(function () { run(kind, fd); });
    });

    function run(kind, fd) {
      var started = Date.now(), button = $("run"), progress = $("progress");
      button.disabled = true; progress.hidden = false; $("play-cost").hidden = true;
      var timer = setInterval(function () {
        $("progress-text").textContent = "Working… " + Math.round((Date.now() - started) / 1000) + " s";
      }, 250);
      fetch(form.getAttribute("data-api") + paths[kind], {
        method: "POST", body: fd, credentials: "same-origin", headers: { "X-CSRF-Token": csrf }
      }).then(function (r) {
        return r.json().then(function (body) { return { r: r, body: body }; });
      }).then(function (x) {
        if (!x.r.ok) return fail((x.body.error || "The request failed.") + " (" + (x.body.code || x.r.status) + ")");
        var charged = parseInt(x.r.headers.get("X-Ideogate-Charged-Micros") || "0", 10);
        var balance = x.r.headers.get("X-Ideogate-Balance");
        var cost = $("play-cost");
        cost.textContent = "Charged " + money(charged) + (balance ? " · balance " + balance : "") +
          " · " + ((Date.now() - started) / 1000).toFixed(1) + " s";
        cost.hidden = false;
        if (balance && $("balance")) $("balance").textContent = balance;
        show(x.body);
      }).catch(function () { fail("Could not reach the gateway."); }).then(function () {
        clearInterval(timer); button.disabled = false; progress.hidden = true;
      });
    }

    function show(body) {
      var results = $("results");
      results.textContent = "";
      (body.descriptions || []).forEach(function (d) { results.appendChild(el("p", { "class": "description" }, d.text)); });
      (body.data || []).forEach(function (item) {
        var fig = el("figure");
        if (item.url) {
          fig.appendChild(el("img", { src: item.url, alt: item.prompt || "generated image", "class": "result-image" }));
        } else {
          fig.appendChild(el("p", { "class": "notice error" }, "Withheld by the safety check (not charged)."));
        }
        var cap = el("figcaption");
        cap.appendChild(el("span", {}, [item.resolution, item.seed != null ? "seed " + item.seed : null].filter(Boolean).join(" · ")));
        if (item.url) {
          cap.appendChild(el("a", { href: item.url, download: "" }, "Download"));
          var use = el("button", { type: "button", "class": "small" }, "Use as input");
          use.addEventListener("click", function () {
            fetch(item.url).then(function (r) { return r.blob(); }).then(function (b) {
              useSource(b);
              if (op.value === "generate") { op.value = "edit"; showFields(); }
              form.scrollIntoView({ behavior: "smooth" });
            });
          });
          cap.appendChild(use);
        }
        fig.appendChild(cap);
        results.appendChild(fig);
      });
    }
  }

  // Operator's live overview: per-minute bars, refreshed every 5 seconds.
  var overview = $("overview");
  if (overview) {
    var src = overview.getAttribute("data-src");
    var series = { requests: "requests", images: "images", revenue: "revenue_micros", errors: "errors" };
    var refresh = function () {
      fetch(src, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
        $("total-requests").textContent = d.requests;
        $("total-images").textContent = d.images;
        $("total-revenue").textContent = d.revenue;
        $("total-errors").textContent = d.errors;
        $("inflight").textContent = d.inflight_images;
        $("queue").textContent = d.queue == null ? "—" : d.queue;
        $("updated").textContent = new Date().toLocaleTimeString();
        Object.keys(series).forEach(function (name) {
          var svg = $("spark-" + name), key = series[name];
          var max = Math.max.apply(null, d.minutes.map(function (m) { return m[key]; }).concat([1]));
          while (svg.firstChild) svg.removeChild(svg.firstChild);
          d.minutes.forEach(function (m, i) {
            var h = m[key] / max * 58;
            if (h <= 0) return;
            var r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
            r.setAttribute("x", i * 5); r.setAttribute("width", 4);
            r.setAttribute("y", 60 - h); r.setAttribute("height", h);
            var t = document.createElementNS("http://www.w3.org/2000/svg", "title");
            t.textContent = m.t + ": " + (name === "revenue" ? money(m[key]) : m[key]);
            r.appendChild(t); svg.appendChild(r);
          });
        });
      }).catch(function () { $("updated").textContent = "offline"; });
    };
    refresh();
    setInterval(refresh, 5000);
  }
})();
