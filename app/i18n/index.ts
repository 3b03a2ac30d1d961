// Grip's UI strings (English and Dutch) and the locale rules. Shopify opens an embedded app with
// ?locale=<the merchant's admin language> ("nl", "en-GB", ...); a plain browser (the demo) has
// only Accept-Language. Money and dates are formatted with the full tag (en-GB, en-US, nl-NL...),
// so a British merchant sees £1,234.56 and a Dutch one € 1.234,56.
import { en, type Messages } from "./en";
import { nl } from "./nl";

export type { Messages };
export type Language = "en" | "nl";

const CATALOGUES: Record<Language, Messages> = { en, nl };
const DEFAULT_REGION: Record<Language, string> = { en: "en-GB", nl: "nl-NL" };

export interface UiLocale {
  /** BCP 47 tag used for Intl number/date formatting, e.g. "en-GB", "nl-NL". */
  tag: string;
  language: Language;
}

function fromTag(raw: string | null | undefined): UiLocale | null {
  if (!raw) return null;
  const tag = raw.trim().replace("_", "-");
  const language = tag.slice(0, 2).toLowerCase();
  if (language !== "en" && language !== "nl") return null;
  let canonical: string = DEFAULT_REGION[language];
  if (/^[a-z]{2}-[A-Za-z]{2}$/.test(tag)) {
    try {
      canonical = Intl.getCanonicalLocales(tag)[0] ?? canonical;
    } catch {
      // an invalid tag keeps the language's default region
    }
  }
  return { tag: canonical, language };
}

/** ?locale= first (Shopify's), then Accept-Language, then en-GB. */
export function resolveLocale(request: Request): UiLocale {
  const fromQuery = fromTag(new URL(request.url).searchParams.get("locale"));
  if (fromQuery) return fromQuery;
  const header = request.headers.get("accept-language") ?? "";
  for (const part of header.split(",")) {
    const found = fromTag(part.split(";")[0]);
    if (found) return found;
  }
  return { tag: "en-GB", language: "en" };
}

export function messagesFor(language: Language): Messages {
  return CATALOGUES[language] ?? en;
}

/** "Backfill: {done} of {total}" + {done: "3"} -> "Backfill: 3 of {total}" (unknown keys stay). */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
