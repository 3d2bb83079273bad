// Browser test of `diligence serve` (the playground, issue 14): starts the server on any
// free port over the shipped dataset, reads the printed address, and drives one session in
// headless Chromium (Debian's `chromium`, over the DevTools pipe) as a lecturer would:
// open an incident, switch to tallinn-2 and see the changed conclusions, add a timely
// `measure` event and see the negligence and its breach disappear with the argument why,
// enter a bad time and see the positioned error with nothing changed, undo (and redo),
// download the changes and replay them with `diligence run --assume`, which must give the
// conclusions the playground shows. Ctrl-C must stop the server cleanly, and the dataset
// folder must be byte for byte as before. Screenshots go to target/browser/.
// Run: `node --test tests/browser/serve_test.mjs`. Without Chromium it skips, except under
// CI (CI=true), where it fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Browser, findChromium } from "./cdp.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const out = join(root, "target", "browser");
const bin = join(root, "target", "release", "diligence");
const facts = join(root, "facts");
const chromium = findChromium();
const skip = chromium ? false : "chromium not found (apt-get install chromium); skipped";
if (!chromium && process.env.CI) {
  throw new Error("CI: chromium is required for the browser test (apt-get install chromium)");
}

const SHOWN = ["breach", "concern", "negligent", "violation", "wrongful", "consequence", "admissible", "inadmissible"];
let browser, server, base, output = "";
const snapshot = () => Object.fromEntries(
  readdirSync(facts).sort().map((f) => [f, readFileSync(join(facts, f)).toString("base64")]));
let factsBefore;

before(async () => {
  if (skip) return;
  mkdirSync(out, { recursive: true });
  execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: root, stdio: "inherit" });
  factsBefore = snapshot();
  server = spawn(bin, ["serve", "--port", "0", "--facts", facts], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.on("data", (d) => { output += d; });
  base = await new Promise((resolveAddr, reject) => {
    const t = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 120000);
    server.stdout.on("data", (d) => {
      output += d;
      const m = /diligence playground at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) { clearTimeout(t); resolveAddr(m[1]); }
    });
    server.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  browser = await Browser.launch(chromium);
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) server.kill("SIGKILL");
});

/** Runs `js` in the page (a click or a submit) and waits for the page it leads to. */
async function act(page, js) {
  const loaded = page.browser.waitFor(
    (m) => m.sessionId === page.sessionId && m.method === "Page.loadEventFired", 120000, `load after ${js}`);
  await page.eval(js);
  await loaded;
}

/** Fills the inputs of the form `sel` (`name` → value) and submits it. */
function fill(sel, values) {
  return `(() => {
    const f = document.querySelector(${JSON.stringify(sel)});
    for (const [k, v] of Object.entries(${JSON.stringify(values)})) f.querySelector('[name="' + k + '"]').value = v;
    f.requestSubmit();
  })()`;
}

const shot = async (page, name, full = true) => {
  writeFileSync(join(out, name), await page.screenshot(full));
};

const text = (sel) => `[...document.querySelectorAll(${JSON.stringify(sel)})].map(e => e.textContent.trim())`;

test("a lecturer's session: profile, a timely measure, a bad time, undo, replay", { skip, timeout: 600000 }, async () => {
  const page = await browser.newPage({ height: 1100 });
  await page.goto(base);
  const home = await page.eval("location.pathname");
  assert.match(home, /^\/s\/[0-9a-f]{32}\/$/);
  await shot(page, "serve-incidents.png", false);

  // Open an incident.
  await act(page, `document.querySelector('a[href$="/incident/colonial-2021"]').click()`);
  assert.match(await page.eval("location.pathname"), /\/incident\/colonial-2021$/);
  let atoms = await page.eval(text("ol.conclusions .atomline code"));
  assert.ok(atoms.includes("negligent(RU, colonial-2021)"), atoms.join(" | "));
  assert.ok(await page.eval(`document.querySelectorAll("#timeline svg rect.win").length > 0`));
  assert.ok((await page.eval(text("table.facts td.src"))).some((s) => /^events\.csv:\d+$/.test(s)));

  // Switch to tallinn-2 and see the changed conclusions.
  await act(page, `document.querySelector('nav a[href$="/profile"]').click()`);
  await act(page, fill('form[action$="/do/profile"]', { profile: "tallinn-2" }));
  assert.equal(await page.eval(`document.getElementById("profile-name").textContent`), "tallinn-2");
  const panel = await page.eval(`document.getElementById("change").textContent`);
  assert.match(panel, /Switched to the profile tallinn-2/);
  assert.match(panel, /sovereignty rule\s*none\s*territorial/);
  const appeared = await page.eval(text("#change li.new .atomline code"));
  assert.ok(appeared.some((a) => a.includes("SIG-SOVEREIGNTY")), appeared.join(" | "));
  assert.ok(await page.eval(`document.querySelectorAll("#change li.new div.argument ol.findings").length > 0`));
  await shot(page, "serve-profile-switched.png");

  // Back to the incident: add a timely measure by Russia.
  await page.goto(`${base.replace(/\/$/, "")}${home}incident/colonial-2021`);
  atoms = await page.eval(text("ol.conclusions .atomline code"));
  assert.ok(atoms.includes("negligent(RU, colonial-2021)"), "negligent under tallinn-2 too");
  assert.ok(atoms.includes("breach(RU, DUTY-ACTION, colonial-2021)"));
  await act(page, fill("#add form", {
    "c.time": "2021-05-10T12:00Z", "c.kind": "measure", "c.by": "RU", "c.detail": "investigate",
  }));
  assert.match(await page.eval("location.search"), /changed=1/);
  const gone = await page.eval(text("#change li.gone .atomline code"));
  assert.ok(gone.includes("negligent(RU, colonial-2021)"), gone.join(" | "));
  assert.ok(gone.includes("breach(RU, DUTY-ACTION, colonial-2021)"), gone.join(" | "));
  // Each with the argument why it no longer holds.
  const whyNot = (atom) => page.eval(`[...document.querySelectorAll("#change li.gone")]
    .find(li => li.querySelector(".atomline code").textContent === ${JSON.stringify(atom)})
    .querySelector("details.whynot[open]").textContent`);
  assert.match(await whyNot("negligent(RU, colonial-2021)"), /Russian Federation was not negligent about colonial-2021[\s\S]*BREACH-NEGLIGENT/);
  assert.match(await whyNot("breach(RU, DUTY-ACTION, colonial-2021)"), /Russian Federation did not breach DUTY-ACTION about colonial-2021/);
  atoms = await page.eval(text("ol.conclusions .atomline code"));
  assert.ok(!atoms.includes("negligent(RU, colonial-2021)"));
  const sources = await page.eval(text("table.facts td.src"));
  assert.ok(sources.some((s) => s.startsWith("playground/events.csv:2")), sources.join(" | "));
  await shot(page, "serve-measure-added.png");

  // A bad time: the loader's positioned message, and nothing changes.
  const count = await page.eval(`document.getElementById("change-count").textContent`);
  await act(page, fill("#add form", {
    "c.time": "2021-05-1O", "c.kind": "measure", "c.by": "RU", "c.detail": "investigate",
  }));
  const problems = await page.eval(text("#problems li"));
  assert.deepEqual(problems, [
    "playground/events.csv:3:1: column `time`: invalid time `2021-05-1O`: expected ISO 8601 like `2021-05-07`, `2021-05-07T14:30Z` or `2021-05-07T14:30+02:00`",
  ]);
  assert.match(await page.eval(`document.getElementById("nothing-changed").textContent`), /Nothing changed/);
  assert.equal(await page.eval(`document.getElementById("change-count").textContent`), count);
  assert.equal(await page.eval(`document.querySelector('input[name="c.time"]').getAttribute("aria-invalid")`), "true");
  await shot(page, "serve-bad-time.png");

  // Undo: the negligence is back; redo: gone again.
  await act(page, `document.querySelector('form[action$="/do/undo"] button').click()`);
  let panelText = await page.eval(`document.getElementById("change").textContent`);
  assert.match(panelText, /Undid: Added playground\/events\.csv:2/);
  assert.ok((await page.eval(text("#change li.new .atomline code"))).includes("negligent(RU, colonial-2021)"));
  await shot(page, "serve-undone.png");
  await act(page, `document.querySelector('form[action$="/do/redo"] button').click()`);
  panelText = await page.eval(`document.getElementById("change").textContent`);
  assert.match(panelText, /Redid: Added/);

  // Download the changes and replay them with the command line.
  // Fetched from here: the pages' Content Security Policy lets no script in them fetch.
  const links = await page.eval(`[...document.querySelectorAll("#downloads a")]
    .map(a => [a.textContent.trim(), a.href])`);
  const files = {};
  for (const [name, href] of links) {
    const r = await fetch(href);
    files[name] = { status: r.status, body: await r.text() };
  }
  assert.deepEqual(Object.keys(files).sort(), ["playground/events.csv", "replay.sh"]);
  for (const f of Object.values(files)) assert.equal(f.status, 200);
  const dir = join(out, "serve-replay");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "playground"), { recursive: true });
  for (const [name, f] of Object.entries(files)) writeFileSync(join(dir, name), f.body);
  const command = await page.eval(`document.getElementById("replay-command").textContent`);
  assert.match(command, /--profile tallinn-2 --assume playground\/events\.csv$/);
  const replayed = JSON.parse(execFileSync("sh", ["replay.sh", "--format", "json", ...SHOWN], {
    cwd: dir, encoding: "utf8", maxBuffer: 1 << 26,
    env: { ...process.env, PATH: `${dirname(bin)}:${process.env.PATH}` },
  }));
  const replayedAtoms = new Set();
  for (const [rel, rows] of Object.entries(replayed)) {
    for (const row of rows) replayedAtoms.add(`${rel}(${Object.values(row).join(", ")})`);
  }
  // What the playground shows: every conclusion of every incident, and the state-level ones.
  await page.goto(`${base.replace(/\/$/, "")}${home}`);
  const shown = new Set(await page.eval(text("table.incidents ul.tags code, main > ul.tags li > code")));
  assert.ok(!replayedAtoms.has("negligent(RU, colonial-2021)"));
  assert.deepEqual([...shown].sort(), [...replayedAtoms].sort());
  await shot(page, "serve-incidents-after.png", false);

  // Ctrl-C stops the server cleanly; the dataset on disk is untouched.
  const exited = new Promise((r) => server.on("exit", (code, signal) => r({ code, signal })));
  server.kill("SIGINT");
  const { code } = await exited;
  assert.equal(code, 0, output);
  assert.match(output, /diligence playground stopped/);
  assert.deepEqual(snapshot(), factsBefore);
});

