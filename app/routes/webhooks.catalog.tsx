import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../webhooks.server";

export const action = async ({ request }: ActionFunctionArgs) => handleWebhook(request);
