// The app layout (Shopify's Remix template shape): authenticates every /app/* request, then sets
// up App Bridge (embedded in the admin) and Polaris. The demo opens outside the admin: no App
// Bridge script (it would only try to reach Shopify's CDN) and no admin nav menu.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisNl from "@shopify/polaris/locales/nl.json";
import { requireShop } from "../modules/auth.server";
import { env } from "../env.server";
import { messagesFor, resolveLocale } from "../i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { via } = await requireShop(request);
  const locale = resolveLocale(request);
  return { apiKey: env().SHOPIFY_API_KEY, embedded: via === "session-token", language: locale.language, localeTag: locale.tag };
};

export default function App() {
  const { apiKey, embedded, language } = useLoaderData<typeof loader>();
  const messages = messagesFor(language);
  return (
    <AppProvider isEmbeddedApp={embedded} apiKey={apiKey} i18n={language === "nl" ? polarisNl : polarisEn}>
      {embedded && (
        <NavMenu>
          <Link to="/app" rel="home">
            {messages.nav.dashboard}
          </Link>
          <Link to="/app/sales">Sales &amp; channels</Link>
          <Link to="/app/customers">Customers</Link>
          <Link to="/app/sync">Sync</Link>
          <Link to="/app/uploads">Uploads</Link>
        </NavMenu>
      )}
      {!embedded && (
        // Outside Shopify's admin (the demo) there is no admin nav menu: the same links, plainly.
        <nav data-testid="app-nav" style={{ display: "flex", gap: 16, padding: "12px 20px 0", fontSize: 14 }}>
          <Link to="/app">{messages.nav.dashboard}</Link>
          <Link to="/app/sales">Sales &amp; channels</Link>
          <Link to="/app/customers">Customers</Link>
          <Link to="/app/sync">Sync</Link>
          <Link to="/app/uploads">Uploads</Link>
        </nav>
      )}
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
