// The demo's shortcut (GRIP_DEMO_SHOP: the dashboard without a Shopify session token) must be
// impossible to reach by accident. Against the real built app over HTTP:
//   - demo mode on a loopback-bound server: the dashboard opens for loopback host names only;
//   - demo mode on a server bound to every interface: refused (403), whatever the Host header;
//   - GRIP_DEMO_SHOP outside demo mode: the app refuses to start.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../app/db.server";
import { freshDatabase } from "../helpers/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { CHROME_USER_AGENT } from "../browser/chromium";

const SHOP = "guarded-demo.myshopify.com";
let databaseUrl: string;

function baseEnv(): Record<string, string> {
  return { DATABASE_URL: databaseUrl, SHOPIFY_API_KEY: "guard-key", SHOPIFY_API_SECRET: "guard-secret" };
}

/** GET with an explicit Host header (fetch does not let a caller choose it). */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { Host: host ?? u.host, "User-Agent": CHROME_USER_AGENT } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  databaseUrl = (await freshDatabase()).url;
  const db = createDb(databaseUrl);
  await db.shop.create({ data: { domain: SHOP, name: "Guarded", currencyCode: "EUR", ianaTimezone: "Europe/Amsterdam" } });
  await db.$disconnect();
});

describe("demo shop on a loopback-bound server", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer({ port: 0, host: "127.0.0.1", env: { ...baseEnv(), GRIP_MODE: "demo", GRIP_DEMO_SHOP: SHOP } });
  });
  afterAll(() => app?.close());

  test("opens the dashboard without a session token for 127.0.0.1 and localhost", async () => {
    const port = new URL(app.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await get(`${app.url}/app`, host);
      expect(res.status, host).toBe(200);
      expect(res.body).toContain('data-testid="kpi-net_sales"');
      expect(res.body).toContain(SHOP);
    }
  });

  test("a request carrying a session token takes Shopify's path, not the demo shortcut", async () => {
    // Signed with the wrong secret: Shopify's path refuses it (bounce page), the shortcut would not have looked.
    const forged = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJkZXN0IjoiaHR0cHM6Ly9ndWFyZGVkLWRlbW8ubXlzaG9waWZ5LmNvbSJ9.c2lnbmF0dXJl";
    const res = await get(`${app.url}/app?embedded=1&shop=${SHOP}&host=YWRtaW4&id_token=${forged}`);
    expect(res.status).toBe(302);
    expect(res.body).not.toContain("kpi-net_sales");
  });

  test("refuses a request addressed to another host name (DNS rebinding)", async () => {
    const res = await get(`${app.url}/app`, "grip.attacker.example");
    expect(res.status).toBe(403);
    expect(res.body).toContain("not a loopback host");
    expect(res.body).not.toContain("kpi-net_sales");
  });
});

describe("demo shop on a server bound to every interface", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer({ port: 0, host: "0.0.0.0", env: { ...baseEnv(), GRIP_MODE: "demo", GRIP_DEMO_SHOP: SHOP } });
  });
  afterAll(() => app?.close());

  test("is refused even for a loopback Host header", async () => {
    const port = new URL(app.url).port;
    const res = await get(`http://127.0.0.1:${port}/app`, `127.0.0.1:${port}`);
    expect(res.status).toBe(403);
    expect(res.body).toContain("listens on 0.0.0.0");
  });
});

describe("GRIP_DEMO_SHOP outside demo mode", () => {
  test.each(["production", "test"])("GRIP_MODE=%s: the app refuses to start", async (mode) => {
    await expect(
      startAppServer({ port: 0, host: "127.0.0.1", env: { ...baseEnv(), GRIP_MODE: mode, GRIP_DEMO_SHOP: SHOP } }),
    ).rejects.toThrow(/GRIP_DEMO_SHOP: only allowed with GRIP_MODE=demo/);
  });
});
