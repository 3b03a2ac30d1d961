// The app's public landing page. Shopify opens the app with ?shop=...: send that straight to the
// app (keeping every query parameter: host, embedded, id_token...). The demo has no shop
// parameter but knows its shop: it goes to the dashboard too. Anyone else sees a short
// description and the login form.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, BlockStack, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { env } from "../../env.server";
import { login } from "../../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const config = env();
  if (url.searchParams.get("shop") || (config.GRIP_MODE === "demo" && config.GRIP_DEMO_SHOP)) {
    throw redirect(`/app${url.search}`);
  }
  return { showForm: Boolean(login), polarisTranslations };
};

export default function Index() {
  const { showForm, polarisTranslations: i18n } = useLoaderData<typeof loader>();
  return (
    <PolarisAppProvider i18n={i18n}>
      <Page title="Grip">
        <BlockStack gap="400">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                A grip on your shop's numbers
              </Text>
              <Text as="p">
                Gross and net sales, returns, average order value and sales per channel, computed from your own orders
                in your shop's currency and time zone.
              </Text>
            </BlockStack>
          </Card>
          {showForm && (
            <Card>
              <Form method="post" action="/auth/login">
                <FormLayout>
                  <TextField label="Shop domain" name="shop" helpText="example.myshopify.com" autoComplete="on" />
                  <Button submit>Log in</Button>
                </FormLayout>
              </Form>
            </Card>
          )}
        </BlockStack>
      </Page>
    </PolarisAppProvider>
  );
}
