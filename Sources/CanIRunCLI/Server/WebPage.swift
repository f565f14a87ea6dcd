/// The page `canirun serve` shows: one self-contained HTML document (styles and script inline, no fonts or
/// libraries from elsewhere) that reads the JSON API. `?lang=es` opens it in Spanish; `?selftest=1` makes it drive
/// itself (pick a model, move the context slider, switch to Spanish) and write the outcome into `#selftest`, for the
/// end-to-end test in a headless browser.
enum WebPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>canirun</title>
        <style>
        :root { --bg: #f7f7f5; --panel: #fff; --ink: #1d1d1f; --dim: #6b6b70; --line: #e2e2e0; --accent: #2f6fdb;
          --gpu: #2e9e5b; --partial: #d98a1c; --cpu: #5b7bb5; --none: #c0392b;
          --weights: #2f6fdb; --kv: #8e5cd9; --compute: #d98a1c; --output: #2e9e5b; --overhead: #9a9a9f; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #161618; --panel: #202024; --ink: #ececee; --dim: #9a9aa2; --line: #34343a; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--ink); }
        header { display: flex; align-items: center; justify-content: space-between; padding: 14px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
        header h1 { margin: 0; font-size: 20px; } header h1 span { color: var(--dim); font-weight: 400; font-size: 14px; margin-left: 10px; }
        main { max-width: 1180px; margin: 0 auto; padding: 18px 24px 60px; display: grid; gap: 18px; }
        section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; }
        h2 { margin: 0 0 10px; font-size: 16px; }
        .lang button, button { font: inherit; border: 1px solid var(--line); background: var(--panel); color: var(--ink); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
        .lang button.on { background: var(--accent); color: #fff; border-color: var(--accent); }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px 18px; }
        .fact b { display: block; font-size: 12px; color: var(--dim); font-weight: 500; text-transform: uppercase; letter-spacing: .03em; }
        form.whatif { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-top: 14px; padding-top: 12px; border-top: 1px dashed var(--line); }
        label { font-size: 13px; color: var(--dim); display: grid; gap: 3px; }
        input, select { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); color: var(--ink); }
        table { width: 100%; border-collapse: collapse; font-size: 14px; }
        th { text-align: left; font-weight: 500; color: var(--dim); border-bottom: 1px solid var(--line); padding: 6px 8px; }
        td { border-bottom: 1px solid var(--line); padding: 6px 8px; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr { cursor: pointer; } tbody tr:hover { background: color-mix(in srgb, var(--accent) 8%, transparent); }
        tr.selected { background: color-mix(in srgb, var(--accent) 14%, transparent); }
        .fit { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; }
        .fit.gpu { background: var(--gpu); } .fit.partial { background: var(--partial); } .fit.cpu { background: var(--cpu); } .fit.none { background: var(--none); }
        .filters { display: flex; gap: 14px; flex-wrap: wrap; margin-bottom: 10px; align-items: end; }
        .bar { display: flex; height: 28px; border-radius: 6px; overflow: hidden; border: 1px solid var(--line); margin: 8px 0 6px; }
        .bar div { height: 100%; transition: flex-grow .25s; }
        .legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 13px; color: var(--dim); }
        .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
        #memory-total { font-size: 22px; font-weight: 600; }
        .commands div { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
        .commands code { flex: 1; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; font-size: 13px; overflow-x: auto; white-space: nowrap; }
        .commands b { width: 90px; font-size: 13px; color: var(--dim); font-weight: 500; }
        pre#lesson-text { white-space: pre-wrap; font: 13.5px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; margin: 0; }
        .dim { color: var(--dim); } .error { color: var(--none); } [hidden] { display: none !important; }
        </style>
        </head>
        <body>
        <header>
          <h1>canirun <span data-i18n="tagline">which LLMs can I run here, how well, and how</span></h1>
          <div class="lang"><button id="lang-en" type="button">English</button> <button id="lang-es" type="button">Español</button></div>
        </header>
        <main>
        <section id="machine">
          <h2 data-i18n="machine">This machine</h2>
          <div class="grid" id="machine-facts"></div>
          <form class="whatif" id="whatif">
            <label><span data-i18n="whatifGPU">What if the GPU were</span>
              <select id="whatif-gpu"><option value="" data-i18n="detected">as detected</option><option value="none" data-i18n="noGPU">no GPU</option></select></label>
            <label><span data-i18n="whatifVRAM">VRAM per GPU</span><input id="whatif-vram" size="7" placeholder="24GB"></label>
            <label><span data-i18n="whatifRAM">RAM</span><input id="whatif-ram" size="7" placeholder="32GB"></label>
            <button type="submit" data-i18n="apply">Apply</button> <button type="button" id="whatif-reset" data-i18n="reset">Back to this machine</button>
            <span class="error" id="whatif-error"></span>
          </form>
        </section>
        <section id="ranking-section">
          <h2 data-i18n="ranking">Models that run here, best first</h2>
          <div class="filters">
            <label><span data-i18n="useCase">Use</span><select id="filter-usecase">
              <option value="" data-i18n="any">any</option><option value="chat">chat</option><option value="code">code</option>
              <option value="reasoning">reasoning</option><option value="vision">vision</option><option value="tools">tools</option><option value="embedding">embedding</option></select></label>
            <label><span data-i18n="quant">Quantization</span><select id="filter-quant"><option value="" data-i18n="any">any</option></select></label>
            <label style="display:flex;gap:6px;align-items:center"><input type="checkbox" id="filter-gpu"><span data-i18n="gpuOnly">entirely on the GPU only</span></label>
          </div>
          <table id="ranking"><thead><tr><th>#</th><th data-i18n="model">Model</th><th data-i18n="quant">Quantization</th><th data-i18n="fit">Fit</th><th class="n" data-i18n="file">File</th><th class="n" data-i18n="context">Context</th><th class="n" data-i18n="speed">Speed</th></tr></thead><tbody></tbody></table>
          <p class="dim" id="ranking-note"></p>
        </section>
        <section id="model" hidden>
          <h2 id="model-title"></h2>
          <table id="quants"><thead><tr><th data-i18n="quant">Quantization</th><th class="n" data-i18n="file">File</th><th data-i18n="fit">Fit</th><th class="n" data-i18n="layers">GPU layers</th><th class="n" data-i18n="maxContext">Largest context</th></tr></thead><tbody></tbody></table>
          <div style="margin-top:16px">
            <label><span><span data-i18n="contextLabel">Context</span>: <b id="context-value"></b> <span data-i18n="tokens">tokens</span></span>
              <input type="range" id="context-slider" min="0" max="1" step="1" value="0" style="width:100%"></label>
            <div><span id="memory-total"></span> <span class="dim" id="memory-verdict"></span></div>
            <div class="bar" id="memory-bar"></div>
            <div class="legend" id="memory-legend"></div>
            <p id="speed"></p>
          </div>
          <div class="commands" id="commands"></div>
        </section>
        <section id="lesson">
          <h2 data-i18n="lesson">The lesson, with this machine's numbers</h2>
          <pre id="lesson-text"></pre>
        </section>
        </main>
        <script>
        "use strict";
        const T = {
          en: { tagline: "which LLMs can I run here, how well, and how", machine: "This machine", whatifGPU: "What if the GPU were",
            detected: "as detected", noGPU: "no GPU", whatifVRAM: "VRAM per GPU", whatifRAM: "RAM", apply: "Apply",
            reset: "Back to this machine", ranking: "Models that run here, best first", useCase: "Use", any: "any",
            quant: "Quantization", gpuOnly: "entirely on the GPU only", model: "Model", fit: "Fit", file: "File",
            context: "Context", speed: "Speed", layers: "GPU layers", maxContext: "Largest context", contextLabel: "Context",
            tokens: "tokens", lesson: "The lesson, with this machine's numbers", cpu: "CPU", ram: "RAM", gpus: "GPUs",
            usable: "usable", none: "none", fit_gpu: "on the GPU", fit_partial: "partial offload", fit_cpu: "CPU only",
            fit_none: "does not fit", weights: "weights", kvCache: "KV cache", compute: "compute buffers", output: "output",
            overhead: "runtime", total: "needs", decode: "writes about {d} tokens/s, reads the prompt at {p} tokens/s",
            copy: "copy", copied: "copied", empty: "No model in the catalog fits this machine with these filters.",
            recommended: "recommended", cores: "cores", what: "what-if machine" },
          es: { tagline: "qué LLM puedo correr aquí, qué tan bien y cómo", machine: "Esta computadora", whatifGPU: "¿Y si la GPU fuera",
            detected: "la detectada", noGPU: "sin GPU", whatifVRAM: "VRAM por GPU", whatifRAM: "RAM", apply: "Aplicar",
            reset: "Volver a esta computadora", ranking: "Modelos que corren aquí, los mejores primero", useCase: "Uso", any: "cualquiera",
            quant: "Cuantización", gpuOnly: "solo los que caben enteros en la GPU", model: "Modelo", fit: "Cabe", file: "Archivo",
            context: "Contexto", speed: "Velocidad", layers: "Capas en GPU", maxContext: "Contexto máximo", contextLabel: "Contexto",
            tokens: "tokens", lesson: "La lección, con los números de esta computadora", cpu: "CPU", ram: "RAM", gpus: "GPU",
            usable: "utilizable", none: "ninguna", fit_gpu: "en la GPU", fit_partial: "descarga parcial", fit_cpu: "solo CPU",
            fit_none: "no cabe", weights: "pesos", kvCache: "caché KV", compute: "búferes de cálculo", output: "salida",
            overhead: "entorno", total: "necesita", decode: "escribe unos {d} tokens/s y lee el prompt a {p} tokens/s",
            copy: "copiar", copied: "copiado", empty: "Ningún modelo del catálogo cabe en esta computadora con estos filtros.",
            recommended: "recomendada", cores: "núcleos", what: "computadora hipotética" }
        };
        const params = new URLSearchParams(location.search);
        let lang = params.get("lang") === "es" ? "es" : (params.get("lang") === "en" ? "en" : (localStorage.getItem("canirun-lang") || "en"));
        let whatif = {};
        let ranking = [];
        let current = null;
        const $ = (id) => document.getElementById(id);
        const t = (key) => (T[lang][key] || T.en[key] || key);
        const gib = (bytes) => (bytes / 1073741824).toFixed(bytes >= 10 * 1073741824 ? 1 : 2) + " GiB";
        const tokens = (n) => n >= 1024 && n % 1024 === 0 ? (n / 1024) + "k" : n.toLocaleString(lang === "es" ? "es-MX" : "en-US");
        function query(extra) {
          const q = new URLSearchParams();
          if (whatif.gpu) q.append("gpu", whatif.gpu);
          if (whatif.vram) q.append("vram", whatif.vram);
          if (whatif.ram) q.append("ram", whatif.ram);
          for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== "") q.append(k, v);
          const s = q.toString();
          return s ? "?" + s : "";
        }
        async function api(path, extra) {
          const response = await fetch("/api/v1/" + path + query(extra));
          const body = await response.json();
          if (!response.ok) throw new Error(body.error || response.statusText);
          return body;
        }
        function fitBadge(fit) { return `<span class="fit ${fit}">${t("fit_" + fit)}</span>`; }
        function applyLanguage() {
          document.documentElement.lang = lang;
          for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
          $("lang-en").classList.toggle("on", lang === "en");
          $("lang-es").classList.toggle("on", lang === "es");
          localStorage.setItem("canirun-lang", lang);
        }
        async function loadMachine() {
          const m = await api("system");
          const facts = [];
          facts.push([t("cpu"), `${m.cpu.model} · ${m.cpu.physicalCores} ${t("cores")}`]);
          facts.push([t("ram"), `${gib(m.memory.totalBytes)} · ${gib(m.memory.usableBytes)} ${t("usable")}`]);
          facts.push([t("gpus"), m.gpus.length ? m.gpus.map((g) => `${g.name} · ${gib(g.memoryTotalBytes)} (${gib(g.usableBytes)} ${t("usable")})`).join("; ") : t("none")]);
          if (m.source && m.source !== "detected") facts.push(["", t("what")]);
          $("machine-facts").innerHTML = facts.map(([k, v]) => `<div class="fact"><b>${k}</b>${escapeHTML(v)}</div>`).join("");
        }
        function escapeHTML(text) { return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }
        async function loadRanking() {
          const report = await api("recommend", { useCase: $("filter-usecase").value, limit: 40 });
          ranking = report.models;
          const quants = [...new Set(ranking.map((r) => r.quantization))].sort();
          const select = $("filter-quant"); const chosen = select.value;
          select.innerHTML = `<option value="">${t("any")}</option>` + quants.map((q) => `<option>${q}</option>`).join("");
          select.value = quants.includes(chosen) ? chosen : "";
          renderRanking();
        }
        function renderRanking() {
          const quant = $("filter-quant").value; const gpuOnly = $("filter-gpu").checked;
          const rows = ranking.filter((r) => (!quant || r.quantization === quant) && (!gpuOnly || r.fit === "gpu"));
          $("ranking").querySelector("tbody").innerHTML = rows.map((r) => `<tr data-id="${r.id}"><td>${r.rank}</td><td>${escapeHTML(r.displayName)}</td><td>${r.quantization}</td><td>${fitBadge(r.fit)}</td><td class="n">${gib(r.fileBytes)}</td><td class="n">${tokens(r.maxContext)}</td><td class="n">${r.speed ? r.speed.decodeTokensPerSecond.toFixed(1) + " tok/s" : ""}</td></tr>`).join("");
          $("ranking-note").textContent = rows.length ? "" : t("empty");
          for (const tr of $("ranking").querySelectorAll("tbody tr")) tr.addEventListener("click", () => openModel(tr.dataset.id));
        }
        async function openModel(id) {
          const report = await api("check/" + encodeURIComponent(id));
          const chosen = report.quantizations.find((q) => q.recommended) || report.quantizations.find((q) => q.fit !== "none") || report.quantizations[0];
          current = { id, report, quant: chosen ? chosen.name : "Q4_K_M", contexts: [] };
          $("model").hidden = false;
          renderQuants();
          const max = report.model.contextLength;
          const contexts = [];
          for (let c = 512; c < max; c *= 2) contexts.push(c);
          contexts.push(max);
          current.contexts = contexts;
          const slider = $("context-slider");
          slider.max = contexts.length - 1;
          const fitting = chosen ? chosen.maxContext : 4096;
          let index = 0; contexts.forEach((c, i) => { if (c <= fitting) index = i; });
          slider.value = index;
          selectQuant();
        }
        function renderQuants() {
          const report = current.report;
          $("model-title").textContent = report.model.displayName;
          const body = $("quants").querySelector("tbody");
          body.innerHTML = report.quantizations.map((q) => `<tr data-q="${q.name}"><td>${q.name}${q.recommended ? " · " + t("recommended") : ""}</td><td class="n">${gib(q.fileBytes)}</td><td>${fitBadge(q.fit)}</td><td class="n">${q.gpuLayers}/${q.totalLayers}</td><td class="n">${tokens(q.maxContext)}</td></tr>`).join("");
          for (const tr of body.querySelectorAll("tr")) tr.addEventListener("click", () => { current.quant = tr.dataset.q; selectQuant(); });
        }
        function selectQuant() {
          for (const tr of $("quants").querySelectorAll("tbody tr")) tr.classList.toggle("selected", tr.dataset.q === current.quant);
          const q = current.report.quantizations.find((x) => x.name === current.quant);
          const commands = (q && q.commands) || {};
          const names = { ollama: "Ollama", llamaCpp: "llama.cpp", lmStudio: "LM Studio", mlx: "MLX", vllm: "vLLM" };
          $("commands").innerHTML = Object.entries(names).filter(([k]) => commands[k]).map(([k, label]) => `<div><b>${label}</b><code>${escapeHTML(commands[k])}</code><button type="button" data-copy="${k}">${t("copy")}</button></div>`).join("");
          for (const button of $("commands").querySelectorAll("button")) button.addEventListener("click", async () => {
            try { await navigator.clipboard.writeText(commands[button.dataset.copy]); button.textContent = t("copied"); } catch (e) { button.textContent = "✕"; }
          });
          updateMemory();
        }
        let memoryTimer = null;
        function scheduleMemory() { clearTimeout(memoryTimer); memoryTimer = setTimeout(updateMemory, 120); }
        async function updateMemory() {
          const context = current.contexts[+$("context-slider").value];
          $("context-value").textContent = tokens(context);
          try {
            const e = await api("estimate", { model: current.id, quant: current.quant, context });
            const parts = ["weights", "kvCache", "compute", "output", "overhead"];
            const total = e.memory.total;
            $("memory-total").textContent = `${t("total")} ${gib(total)}`;
            $("memory-total").dataset.bytes = String(total);
            $("memory-verdict").innerHTML = fitBadge(e.verdict);
            $("memory-bar").innerHTML = parts.map((p) => `<div title="${t(p)} ${gib(e.memory[p])}" style="flex-grow:${e.memory[p]};background:var(--${p === "kvCache" ? "kv" : p})"></div>`).join("");
            $("memory-legend").innerHTML = parts.map((p) => `<span><i style="background:var(--${p === "kvCache" ? "kv" : p})"></i>${t(p)} ${gib(e.memory[p])}</span>`).join("");
            $("speed").textContent = e.speed ? t("decode").replace("{d}", e.speed.decodeTokensPerSecond.toFixed(1)).replace("{p}", Math.round(e.speed.prefillTokensPerSecond)) : "";
          } catch (error) { $("memory-total").textContent = error.message; }
        }
        async function loadLesson() {
          const answer = await api("explain", { lang });
          $("lesson-text").textContent = answer.text;
          $("lesson-text").dataset.lang = answer.language;
        }
        async function loadGPUs() {
          const gpus = await api("gpus");
          $("whatif-gpu").insertAdjacentHTML("beforeend", gpus.map((g) => `<option value="${escapeHTML(g.name)}">${escapeHTML(g.name)}</option>`).join(""));
        }
        async function refresh() {
          $("whatif-error").textContent = "";
          try { await Promise.all([loadMachine(), loadRanking(), loadLesson()]); if (current) await openModel(current.id); }
          catch (error) { $("whatif-error").textContent = error.message; }
        }
        function setLanguage(next) {
          lang = next; applyLanguage();
          $("filter-quant").options[0].textContent = t("any");
          renderRanking(); loadLesson(); loadMachine();
          if (current) { renderQuants(); selectQuant(); }
        }
        $("lang-en").addEventListener("click", () => setLanguage("en"));
        $("lang-es").addEventListener("click", () => setLanguage("es"));
        $("whatif").addEventListener("submit", (event) => { event.preventDefault(); whatif = { gpu: $("whatif-gpu").value, vram: $("whatif-vram").value.trim(), ram: $("whatif-ram").value.trim() }; refresh(); });
        $("whatif-reset").addEventListener("click", () => { whatif = {}; $("whatif-gpu").value = ""; $("whatif-vram").value = ""; $("whatif-ram").value = ""; refresh(); });
        $("filter-usecase").addEventListener("change", loadRanking);
        $("filter-quant").addEventListener("change", renderRanking);
        $("filter-gpu").addEventListener("change", renderRanking);
        $("context-slider").addEventListener("input", scheduleMemory);
        async function waitFor(test, what) {
          for (let i = 0; i < 200; i++) { if (test()) return; await new Promise((r) => setTimeout(r, 50)); }
          throw new Error("timed out waiting for " + what);
        }
        async function selftest() {
          let result;
          try {
            await waitFor(() => $("ranking").querySelectorAll("tbody tr").length > 0, "the ranking");
            $("ranking").querySelector("tbody tr").click();
            await waitFor(() => $("memory-total").dataset.bytes, "the memory figure");
            const before = $("memory-total").dataset.bytes;
            const slider = $("context-slider");
            slider.value = +slider.value > 0 ? 0 : slider.max;
            slider.dispatchEvent(new Event("input"));
            await waitFor(() => $("memory-total").dataset.bytes !== before, "the memory figure to follow the slider");
            const after = $("memory-total").dataset.bytes;
            $("lang-es").click();
            await waitFor(() => document.documentElement.lang === "es" && $("lesson-text").dataset.lang === "es", "Spanish");
            result = `SELFTEST PASS before=${before} after=${after} heading=${document.querySelector("#ranking-section h2").textContent}`;
          } catch (error) { result = "SELFTEST FAIL " + error.message; }
          const mark = document.createElement("div"); mark.id = "selftest"; mark.textContent = result; document.body.appendChild(mark);
        }
        applyLanguage();
        loadGPUs().catch(() => {});
        refresh().then(() => { if (params.get("selftest") === "1") selftest(); });
        </script>
        </body>
        </html>
        """#
}
