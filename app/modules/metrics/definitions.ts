// Help texts straight from docs/kpis.md, so a card never says something its written definition
// does not: the text after `<a id="ID"></a>` up to the end of its paragraph or list item,
// markdown marks removed, cut at a sentence end to stay short. The page links to the full text.
export const KPI_DOC = "docs/kpis.md";

export function definitionFrom(markdown: string, id: string, maxChars = 260): string {
  const marker = `<a id="${id}"></a>`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`${KPI_DOC} has no definition with id "${id}"`);
  const rest = markdown.slice(at + marker.length).replace(/^\s*\n/, "");
  const lines: string[] = [];
  for (const line of rest.split("\n")) {
    if (line.trim() === "" || /^\s*(- |##)/.test(line)) {
      if (lines.length > 0) break;
      if (/^\s*##/.test(line)) break;
      continue;
    }
    lines.push(line.trim());
  }
  let text = lines.join(" ").replace(/\*\*?|`/g, "").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").replace(/\s+/g, " ").trim();
  if (text.length > maxChars) {
    const cut = text.slice(0, maxChars);
    const end = Math.max(cut.lastIndexOf(". "), cut.lastIndexOf(": "));
    text = end > 40 ? cut.slice(0, end + 1) : `${cut.replace(/\s+\S*$/, "")} …`;
  }
  return text;
}

/** Definitions for a set of ids: { id: { text, href } } (href is the doc's anchor). */
export function definitions(markdown: string, ids: readonly string[]): Record<string, { text: string; href: string }> {
  return Object.fromEntries(ids.map((id) => [id, { text: definitionFrom(markdown, id), href: `${KPI_DOC}#${id}` }]));
}
