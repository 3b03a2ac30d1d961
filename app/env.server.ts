// The environment, validated once at start-up: a missing or malformed variable stops the process
// with its name, instead of failing later inside a request.
import { z } from "zod";

const Env = z
  .object({
    // production: talks to Shopify. test/demo: may point the Admin API at the local stand-in.
    GRIP_MODE: z.enum(["production", "test", "demo"]).default("production"),
    DATABASE_URL: z.string().min(1, "DATABASE_URL is required (e.g. file:./data/grip.sqlite)"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required (the app's client id)"),
    SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required (the app's client secret)"),
    SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be the app's public URL"),
    SCOPES: z.string().optional(),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    // Base URL of the Shopify stand-in (test/standin). Every Admin API and OAuth call that would go
    // to https://{shop}/admin/... goes there instead. Refused in production.
    GRIP_SHOPIFY_ENDPOINT: z.url().optional(),
    // Demo only: the shop whose dashboard opens without Shopify's admin (loopback only).
    GRIP_DEMO_SHOP: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.GRIP_SHOPIFY_ENDPOINT && env.GRIP_MODE === "production") {
      ctx.addIssue({ code: "custom", path: ["GRIP_SHOPIFY_ENDPOINT"], message: "only allowed with GRIP_MODE=test or demo" });
    }
    if (env.GRIP_DEMO_SHOP && env.GRIP_MODE !== "demo") {
      ctx.addIssue({ code: "custom", path: ["GRIP_DEMO_SHOP"], message: "only allowed with GRIP_MODE=demo" });
    }
  });

export type GripEnv = z.infer<typeof Env>;

export function parseEnv(source: Record<string, string | undefined>): GripEnv {
  const result = Env.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: GripEnv | undefined;
export function env(): GripEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
