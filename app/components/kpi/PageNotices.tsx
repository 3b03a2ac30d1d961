// Notices the KPI pages share: the shop is not recorded yet (install still running), and the date
// range in the address could not be used.
import { Banner, Page, Text } from "@shopify/polaris";

export function ShopSettingUp({ title }: { title: string }) {
  return (
    <Page title={title}>
      <Banner tone="info" title="Grip is setting up this shop">
        <Text as="p">Your shop’s details have not been recorded yet. Reload this page in a moment.</Text>
      </Banner>
    </Page>
  );
}

export function RangeProblem({ problems }: { problems: unknown[] }) {
  if (problems.length === 0) return null;
  return (
    <div data-testid="range-problem">
      <Banner tone="warning" title="The date range in the address could not be used; showing the default range." />
    </div>
  );
}
