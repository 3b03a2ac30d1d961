// The document. Polaris' own stylesheet is linked by the app layout (routes/app.tsx); the Inter
// font the template preconnects to lives on Shopify's CDN, which this app does not depend on:
// Polaris falls back to the system UI font stack.
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
