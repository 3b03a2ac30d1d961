// The document. Polaris' own stylesheet is linked by the routes that use Polaris; the Inter font
// the template preconnects to lives on Shopify's CDN, which this app does not depend on: Polaris
// falls back to the system UI font stack.
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";

function Document({ children }: { children: ReactNode }) {
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
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

// Last resort for errors no route handled (Shopify's auth responses are handled by routes/app.tsx):
// the status and a plain message, never a stack trace.
export function ErrorBoundary() {
  const error = useRouteError();
  const [title, detail] = isRouteErrorResponse(error)
    ? [`${error.status} ${error.statusText}`, typeof error.data === "string" ? error.data : ""]
    : ["Something went wrong", "The error was logged on the server."];
  return (
    <Document>
      <main style={{ fontFamily: "system-ui, sans-serif", padding: "2rem", maxWidth: "40rem" }}>
        <h1 style={{ fontSize: "1.25rem" }}>{title}</h1>
        {detail && <p>{detail}</p>}
      </main>
    </Document>
  );
}
