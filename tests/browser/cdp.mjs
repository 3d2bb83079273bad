// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe: Chromium reads
// NUL-terminated JSON commands on fd 3 and writes replies and events on fd 4. No npm
// packages, no network port, no browser download: it drives Debian's `chromium`.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The Chromium executable: $CHROMIUM, else `chromium` / `chromium-browser` on PATH. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  for (const c of candidates) if (c && existsSync(c)) return c;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const p = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (p) return p;
    } catch {}
  }
  return null;
}

export class Browser {
  static async launch(executable) {
    const profile = mkdtempSync(join(tmpdir(), "diligence-chromium-"));
    const args = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--remote-debugging-pipe", `--user-data-dir=${profile}`,
      "about:blank",
    ];
    const proc = spawn(executable, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
    const b = new Browser(proc, profile);
    await b.send("Target.setDiscoverTargets", { discover: true });
    return b;
  }

  constructor(proc, profile) {
    this.proc = proc;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.stderr = "";
    proc.stdio[2].on("data", (d) => { this.stderr += d; });
    let buf = Buffer.alloc(0);
    proc.stdio[4].on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let end;
      while ((end = buf.indexOf(0)) >= 0) {
        const msg = JSON.parse(buf.subarray(0, end).toString("utf8"));
        buf = buf.subarray(end + 1);
        this.dispatch(msg);
      }
    });
    this.exited = new Promise((resolve) => proc.on("exit", resolve));
    proc.on("exit", () => {
      for (const { reject } of this.pending.values()) reject(new Error(`chromium exited\n${this.stderr}`));
      this.pending.clear();
    });
  }

  dispatch(msg) {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    } else {
      for (const l of this.listeners) l(msg);
    }
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(JSON.stringify(msg) + "\0");
    });
  }

  waitFor(pred, ms = 30000, what = "event") {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      const l = (msg) => {
        if (pred(msg)) {
          clearTimeout(t);
          this.listeners = this.listeners.filter((x) => x !== l);
          resolve(msg);
        }
      };
      this.listeners.push(l);
    });
  }

  /** A new page (tab) with Page and Runtime enabled. */
  async newPage({ javascript = true, width = 1280, height = 1000 } = {}) {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("Emulation.setDeviceMetricsOverride", {
      width, height, deviceScaleFactor: 1, mobile: false,
    });
    if (!javascript) await page.send("Emulation.setScriptExecutionDisabled", { value: true });
    return page;
  }

  async close() {
    try { await this.send("Browser.close"); } catch {}
    const killer = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(killer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
  }
  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }
  /** Navigates and waits for the load event; returns the milliseconds it took. */
  async goto(url, ms = 60000) {
    const t0 = Date.now();
    const loaded = this.browser.waitFor(
      (m) => m.sessionId === this.sessionId && m.method === "Page.loadEventFired", ms, `load of ${url}`);
    const r = await this.send("Page.navigate", { url });
    if (r.errorText) throw new Error(`navigate ${url}: ${r.errorText}`);
    await loaded;
    return Date.now() - t0;
  }
  /** Evaluates an expression (awaiting promises) and returns its JSON value. */
  async eval(expression) {
    const r = await this.send("Runtime.evaluate", {
      expression, returnByValue: true, awaitPromise: true,
    });
    if (r.exceptionDetails) {
      throw new Error(`in page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    }
    return r.result.value;
  }
  async screenshot(fullPage = false) {
    const r = await this.send("Page.captureScreenshot", { format: "png", captureBeyondViewport: fullPage });
    return Buffer.from(r.data, "base64");
  }
  async pdf() {
    const r = await this.send("Page.printToPDF", { printBackground: false });
    return Buffer.from(r.data, "base64");
  }
}
