/**
 * Bad requests to the live site's server (`nnlab serve`, serveSite, over real HTTP): a malformed
 * path is a 400 and the server goes on; no path or symlink leads out of the site (403/404).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { serveSite } from "../../kernel/export/live/serve";
import { CLI, cleanTemp, tempDir } from "./helpers";

let server: http.Server;
let port = 0;
let site = "";
let outside = "";

beforeAll(async () => {
  const dir = tempDir();
  site = path.join(dir, "site");
  outside = path.join(dir, "outside");
  fs.mkdirSync(path.join(site, "empty"), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(site, "index.html"), "<p>index</p>");
  fs.writeFileSync(path.join(site, "page.html"), "<p>page</p>");
  fs.writeFileSync(path.join(outside, "secret.txt"), "SECRET");
  fs.symlinkSync(outside, path.join(site, "out-dir"));
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(site, "secret.txt"));
  fs.symlinkSync("page.html", path.join(site, "alias.html"));
  server = await serveSite(site, 0);
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  cleanTemp();
});

/** A raw request (the path is sent as given, not normalized by a URL parser). */
function get(rawPath: string, method = "GET"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serveSite: malformed paths are a 400, and the server goes on", () => {
  test.each(["/%ff", "/%E0%A4%A", "/page%", "/%c0%af"])("%s -> 400", async (p) => {
    const r = await get(p);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/bad request: the path is not a valid URL/);
    expect((await get("/page.html")).status).toBe(200); // still serving
  });

  test("a NUL byte -> 400", async () => {
    const r = await get("/page.html%00.txt");
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/NUL byte/);
  });
});

describe("serveSite: nothing outside the site", () => {
  test("encoded ../ out of the site -> 403", async () => {
    const r = await get("/..%2f..%2foutside%2fsecret.txt");
    expect(r.status).toBe(403);
    expect(r.body).not.toContain("SECRET");
  });

  test("a plain ../ is resolved inside the site (the URL parser drops it) -> 404", async () => {
    const r = await get("/../outside/secret.txt");
    expect(r.status).toBe(404);
    expect(r.body).not.toContain("SECRET");
  });

  test("a symlinked folder pointing outside -> 403", async () => {
    const r = await get("/out-dir/secret.txt");
    expect(r.status).toBe(403);
    expect(r.body).toBe("outside the site");
  });

  test("a symlinked file pointing outside -> 403", async () => {
    const r = await get("/secret.txt");
    expect(r.status).toBe(403);
    expect(r.body).not.toContain("SECRET");
  });

  test("a symlink to a file inside the site is served", async () => {
    const r = await get("/alias.html");
    expect(r.status).toBe(200);
    expect(r.body).toBe("<p>page</p>");
  });

  test("a missing file -> 404 naming the path", async () => {
    const r = await get("/nope.html");
    expect(r.status).toBe(404);
    expect(r.body).toBe("not found: /nope.html");
  });

  test("a folder without index.html -> 404", async () => {
    expect((await get("/empty/")).status).toBe(404);
  });

  test("HEAD of a page -> 200 with its length and no body", async () => {
    const r = await get("/page.html", "HEAD");
    expect(r.status).toBe(200);
    expect(r.body).toBe("");
  });
});

describe("nnlab serve (the process)", () => {
  test("survives /%ff (400), goes on serving, and Ctrl-C ends it with exit 0", async () => {
    const child = spawn(process.execPath, [CLI, "serve", site, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const listening = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once("exit", () => reject(new Error(`nnlab serve exited early: ${out}`)));
      });
      const saved = port;
      port = listening;
      try {
        expect((await get("/%ff")).status).toBe(400);
        expect((await get("/out-dir/secret.txt")).status).toBe(403);
        expect((await get("/")).body).toBe("<p>index</p>");
      } finally {
        port = saved;
      }
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
