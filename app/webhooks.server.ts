// The one webhook handler behind every app/routes/webhooks.* route: verify (HMAC, via
// shopify-app-remix: a forged request gets 401), record, answer 200 at once; apply afterwards.
import { authenticate } from "./shopify.server";
import { db } from "./db.server";
import { recordWebhook, drainWebhooks } from "./modules/sync/webhooks";
import { webhookDeps } from "./modules/sync/install.server";

export async function handleWebhook(request: Request): Promise<Response> {
  const topic = request.headers.get("x-shopify-topic") ?? "";
  const ctx = await authenticate.webhook(request);
  const eventId = ctx.eventId ?? request.headers.get("x-shopify-event-id") ?? ctx.webhookId;
  const triggeredAt = ctx.triggeredAt ?? request.headers.get("x-shopify-triggered-at");
  const result = await recordWebhook(db(), {
    shop: ctx.shop,
    topic: topic || String(ctx.topic).toLowerCase(),
    eventId,
    webhookId: ctx.webhookId,
    triggeredAt: triggeredAt ? new Date(triggeredAt) : null,
    body: JSON.stringify(ctx.payload),
  });
  if (result === "queued") {
    setImmediate(() => {
      drainWebhooks(db(), webhookDeps(), ctx.shop).catch((err) => console.error(`[grip] webhook drain for ${ctx.shop} failed`, err));
    });
  }
  return new Response(null, { status: 200 });
}
