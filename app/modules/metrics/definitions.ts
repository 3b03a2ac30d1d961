// Help texts straight from docs/kpis.md, so a card never says something its written definition
// does not: the text after `<a id="ID"></a>` up to the end of its paragraph or list item,
// markdown marks removed, cut at a sentence end to stay short. The page links to the full text.
export const KPI_DOC = "docs/kpis.md";

export function definitionFrom(markdown: string, id: string, maxChars = 320): string {
  const marker = `<a id="${id}"></a>`;
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`${KPI_DOC} has no definition with id "${id}"`);
  const rest = markdown.slice(at + marker.length);
  // The paragraph (or list item) the anchor belongs to: after a heading's anchor, its first
  // paragraph or first list item; an anchor inside a list item, the rest of that item.
  const lines: string[] = [];
  for (const raw of rest.split("\n")) {
    const line = raw.trim();
    if (lines.length === 0) {
      if (line === "") continue;
      if (line.startsWith("##")) break;
      lines.push(line.replace(/^- /, ""));
      continue;
    }
    if (line === "" || line.startsWith("- ") || line.startsWith("##")) break;
    lines.push(line);
  }
  let text = lines.join(" ").replace(/\*\*?|`/g, "").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").replace(/\s+/g, " ").trim();
  if (text.length > maxChars) {
    // Cut after the last whole sentence that fits; failing that, at a word, marked with "…".
    const cut = text.slice(0, maxChars);
    const end = cut.lastIndexOf(". ");
    text = end > 80 ? cut.slice(0, end + 1) : `${cut.replace(/\s+\S*$/, "")} …`;
  }
  return text;
}

/** Definitions for a set of ids: { id: { text, href } } (href is the doc's anchor). */
export function definitions(markdown: string, ids: readonly string[]): Record<string, { text: string; href: string }> {
  return Object.fromEntries(ids.map((id) => [id, { text: definitionFrom(markdown, id), href: `${KPI_DOC}#${id}` }]));
}
