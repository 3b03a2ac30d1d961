// Shopify's OAuth / session-token endpoints under /auth/* (authPathPrefix in shopify.server.ts):
// authenticate.admin answers them itself (redirects, bounce page, token exchange).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};
