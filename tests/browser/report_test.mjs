// Browser test of `diligence report --html`: opens the report of the shipped dataset in
// headless Chromium (Debian's `chromium`, driven over the DevTools pipe), expands a proof,
// filters and sorts a table, opens a timeline, checks the DOM against `diligence run`, reads
// it with JavaScript disabled, prints it to PDF, and saves screenshots under
// target/browser/. Run: `node --test tests/browser/`. Without Chromium it skips, except
// under CI (CI=true), where it fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Browser, findChromium } from "./cdp.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "target", "browser");
const chromium = findChromium();
const skip = chromium ? false : "chromium not found (apt-get install chromium); skipped";
if (!chromium && process.env.CI) {
  throw new Error("CI: chromium is required for the browser test (apt-get install chromium)");
}

function diligence(...args) {
  return execFileSync("cargo", ["run", "--release", "--quiet", "--", ...args], {
    cwd: root, encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"],
  });
}

// Toggle and hashchange events are queued tasks: let them run.
const settle = "await new Promise((r) => setTimeout(r, 150));";

let browser;
const html = join(out, "report.html");
const lazyHtml = join(out, "report-lazy.html");
let expected;

before(async () => {
  if (skip) return;
  mkdirSync(out, { recursive: true });
  diligence("report", "--html", html, "--compare", "tallinn-2");
  // The same report with nothing inline: every proof and timeline drawn by the script.
  diligence("report", "--html", lazyHtml, "--inline-proofs", "0", "--inline-timelines", "0");
  expected = JSON.parse(diligence("run", "--format", "json"));
  browser = await Browser.launch(chromium);
});

after(async () => {
  if (browser) await browser.close();
});

test("every conclusion row is in its table, counts match `diligence run`", { skip }, async () => {
  const page = await browser.newPage();
  const ms = await page.goto(pathToFileURL(html).href);
  console.log(`report.html (${statSync(html).size} bytes) loaded in ${ms} ms`);
  const counts = await page.eval(`Object.fromEntries([...document.querySelectorAll("table.rows")]
    .map(t => [t.id.slice(2), t.tBodies[0].rows.length]))`);
  for (const [rel, rows] of Object.entries(expected)) {
    if (rows.length === 0) continue;
    assert.equal(counts[rel], rows.length, `rows of ${rel}`);
  }
  // The first negligent row's cells are the first row of `run`.
  const first = await page.eval(`[...document.querySelector("#t-negligent tbody tr").cells]
    .slice(0, 2).map(c => c.textContent)`);
  const row = expected.negligent[0];
  assert.ok(first[0].startsWith(row.state), `${first[0]} starts with ${row.state}`);
  assert.equal(first[1], row.incident);
  // The summary has a chart per relation and the compare section is there.
  assert.equal(await page.eval(`document.querySelectorAll("#summary svg.chart").length`), 6);
  assert.ok(await page.eval(`!!document.querySelector("#compare h2")`));
});

test("a row's legal argument, and its full proof down to rule ids, statuses and file:line leaves", { skip }, async () => {
  const page = await browser.newPage({ height: 1400 });
  await page.goto(pathToFileURL(html).href);
  const r = await page.eval(`(async () => {
    const why = document.querySelector("#t-negligent details.why");
    why.querySelector(":scope > summary").click();
    ${settle}
    const argument = why.querySelector("div.argument");
    const claim = argument.querySelector("p.claim").textContent;
    const findings = argument.querySelectorAll("ol.findings li").length;
    const cites = [...argument.querySelectorAll("span.cite")].map(c => c.textContent);
    const d = why.querySelector("details.pf");
    d.querySelector("summary").click();
    ${settle}
    // Open every level of this proof, as a reader clicking down would.
    for (let k = 0; k < 12; k++) d.querySelectorAll("details.pn:not([open]) > summary").forEach(s => s.click());
    ${settle}
    d.scrollIntoView();
    return {
      claim, findings, cites, argumentText: argument.textContent,
      open: d.open,
      rules: [...d.querySelectorAll(".b.rule")].map(b => b.textContent),
      statuses: [...new Set([...d.querySelectorAll(".b[class*=st-]")].map(b => b.textContent))],
      leaves: [...d.querySelectorAll(".leaf .src")].map(s => s.textContent),
      sentence: d.querySelector(".sent").textContent,
    };
  })()`);
  assert.match(r.claim, /was negligent about/);
  assert.ok(r.findings >= 3, `${r.findings} findings`);
  assert.match(r.cites[0], /^\[BREACH-NEGLIGENT; lex_lata; /);
  assert.match(r.argumentText, /[a-z_]+\.csv:\d+/);
  for (const code of ["::", "&&", "||", "Some(", "let ", "plus_hours", ">="]) {
    assert.ok(!r.argumentText.includes(code), `code in the argument: ${code}`);
  }
  assert.ok(r.open);
  assert.equal(r.rules[0], "BREACH-NEGLIGENT");
  assert.ok(r.rules.includes("DUTY-ACTION") || r.rules.includes("DUTY-MLA"), r.rules.join(" "));
  assert.ok(r.statuses.includes("lex_lata"));
  assert.ok(r.leaves.some((l) => /^[a-z_]+\.csv:\d+$/.test(l)), r.leaves.join(" "));
  assert.match(r.sentence, /was negligent about/);
  writeFileSync(join(out, "report-proof.png"), await page.screenshot());
});

test("tables filter by state and incident, and sort", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(html).href);
  const state = expected.wrongful[expected.wrongful.length - 1].state;
  const want = expected.wrongful.filter((r) => r.state === state).length;
  const r = await page.eval(`(() => {
    const ctl = document.querySelector("#rel-wrongful .ctl");
    const sel = ctl.querySelector(".fs");
    sel.value = ${JSON.stringify(state)};
    sel.dispatchEvent(new Event("change"));
    const rows = [...document.querySelectorAll("#t-wrongful tbody tr")];
    const shown = rows.filter(r => !r.hidden);
    const res = { shown: shown.length, states: [...new Set(shown.map(r => r.dataset.s))],
                  label: ctl.querySelector(".shown").textContent };
    const inc = ctl.querySelector(".fi");
    inc.value = shown[0].dataset.i;
    inc.dispatchEvent(new Event("input"));
    res.byIncident = rows.filter(r => !r.hidden).map(r => r.dataset.i);
    res.incident = inc.value;
    // Sort the consequence table by its last column, descending after two clicks.
    const th = [...document.querySelectorAll("#t-consequence thead th")][3];
    th.querySelector("button").click();
    th.querySelector("button").click();
    res.sort = th.getAttribute("aria-sort");
    res.kinds = [...document.querySelectorAll("#t-consequence tbody tr")].map(r => r.cells[3].textContent);
    return res;
  })()`);
  assert.equal(r.shown, want);
  assert.deepEqual(r.states, [state]);
  assert.equal(r.label, `${want} of ${expected.wrongful.length} rows shown`);
  assert.ok(r.byIncident.length >= 1 && r.byIncident.every((i) => i.includes(r.incident)));
  assert.equal(r.sort, "descending");
  assert.deepEqual(r.kinds, [...r.kinds].sort().reverse());
});

test("an incident link opens its timeline with duty windows", { skip }, async () => {
  const page = await browser.newPage({ height: 900 });
  await page.goto(pathToFileURL(html).href);
  const r = await page.eval(`(async () => {
    const a = document.querySelector("#t-negligent tbody a[href^='#tl-']");
    a.click();
    ${settle}
    const d = document.querySelector(a.getAttribute("href"));
    d.scrollIntoView();
    return { open: d.open, windows: d.querySelectorAll("svg rect.win").length,
             outcomes: [...d.querySelectorAll("svg text.out")].map(t => t.textContent) };
  })()`);
  assert.ok(r.open);
  assert.ok(r.windows >= 1);
  assert.ok(r.outcomes.some((o) => o.startsWith("breach")), r.outcomes.join("; "));
  writeFileSync(join(out, "report-timeline.png"), await page.screenshot());
});

test("lazy proofs and timelines are drawn from the embedded data", { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(lazyHtml).href);
  const r = await page.eval(`(async () => {
    const d = document.querySelector("#t-wrongful details.pf");
    const before = d.querySelectorAll("details.pn").length;
    d.querySelector("summary").click();
    ${settle}
    for (let k = 0; k < 12; k++) {
      d.querySelectorAll("details.pn:not([open]) > summary").forEach(s => s.click());
      ${settle}
    }
    const tl = document.querySelector("details.tl[data-lazy]");
    tl.querySelector("summary").click();
    ${settle}
    return { before, lazy: d.dataset.lazy, leaves: [...d.querySelectorAll(".leaf .src")].map(s => s.textContent), rules: [...d.querySelectorAll(".b.rule")].map(b => b.textContent),
             sentence: d.querySelector(".sent").textContent,
             timeline: tl.querySelectorAll("svg circle").length, tlLazy: tl.dataset.lazy };
  })()`);
  assert.equal(r.before, 0);
  assert.equal(r.lazy, "done");
  assert.equal(r.rules[0], "RESP-1");
  assert.ok(r.leaves.some((l) => /^[a-z_]+\.csv:\d+$/.test(l)), r.leaves.join(" "));
  assert.match(r.sentence, /committed a wrongful act against/);
  assert.equal(r.tlLazy, "done");
  assert.ok(r.timeline >= 1);
});

test("without JavaScript every proof is readable as nested <details>", { skip }, async () => {
  const page = await browser.newPage({ javascript: false });
  await page.goto(pathToFileURL(html).href);
  const r = await page.eval(`({
    rows: document.querySelectorAll("table.rows tbody tr").length,
    inline: document.querySelectorAll("details.pf:not([data-lazy]) details.pn").length > 0,
    lazy: document.querySelectorAll("details.pf[data-lazy]").length,
    timelines: document.querySelectorAll("details.tl svg").length,
    incidents: document.querySelectorAll("details.tl").length,
    js: document.documentElement.className,
  })`);
  const total = Object.values(expected).reduce((n, rows) => n + rows.length, 0);
  assert.equal(r.rows, total);
  assert.ok(r.inline);
  assert.equal(r.lazy, 0);
  assert.equal(r.timelines, r.incidents);
  assert.equal(r.js, "nojs");
});

test("a 10^4-incident report stays under 50 MB, opens in seconds, draws proofs lazily", { skip }, async () => {
  const data = join(out, "gen-10000");
  const big = join(out, "report-10000.html");
  if (!existsSync(join(data, "events.csv"))) {
    diligence("generate", "--incidents", "10000", "--seed", "42", "--out", data);
  }
  const t0 = Date.now();
  diligence("report", "--facts", data, "--html", big);
  const size = statSync(big).size;
  console.log(`report-10000.html: ${(size / 1e6).toFixed(1)} MB, written in ${Date.now() - t0} ms (with cargo run)`);
  assert.ok(size < 50 * 1024 * 1024, `${size} bytes`);
  const page = await browser.newPage({ height: 1000 });
  const ms = await page.goto(pathToFileURL(big).href, 120000);
  console.log(`report-10000.html loaded in ${ms} ms`);
  assert.ok(ms < 30000, `load took ${ms} ms`);
  const t1 = Date.now();
  const r = await page.eval(`(async () => {
    const all = document.querySelectorAll("#t-consequence details.pf");
    const d = all[all.length - 1];
    d.querySelector("summary").click();
    ${settle}
    const sel = document.querySelector("#rel-wrongful .fs");
    sel.value = sel.options[1].value;
    sel.dispatchEvent(new Event("change"));
    return { lazy: d.dataset.lazy, rules: d.querySelectorAll(".b.rule").length,
             shown: document.querySelector("#rel-wrongful .shown").textContent };
  })()`);
  console.log(`expanding a lazy proof and filtering took ${Date.now() - t1} ms`);
  assert.equal(r.lazy, "done");
  assert.ok(r.rules >= 2);
  assert.match(r.shown, /^\d+ of \d+ rows shown$/);
});

test("prints to PDF and saves a screenshot", { skip }, async () => {
  const page = await browser.newPage({ height: 1800 });
  await page.goto(pathToFileURL(html).href);
  writeFileSync(join(out, "report.png"), await page.screenshot());
  const pdf = await page.pdf();
  writeFileSync(join(out, "report.pdf"), pdf);
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  assert.ok(pdf.length > 10000);
});
