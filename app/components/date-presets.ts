// Date range presets of the dashboard's picker. They are relative to an anchor day: the latest
// shop-local day with orders (or today when the shop has none), the same day the default range
// ends on, so "last 30 days" on a shop whose data stopped a while ago still shows its last month.
import { addDays, type DayRange } from "../modules/time";

export type PresetId = "last7" | "last30" | "last90" | "thisMonth" | "lastMonth" | "thisYear";

export const PRESET_IDS: PresetId[] = ["last7", "last30", "last90", "thisMonth", "lastMonth", "thisYear"];

export function presetRange(id: PresetId, anchorDay: string): DayRange {
  const [y, m] = anchorDay.split("-");
  const monthStart = `${y}-${m}-01`;
  switch (id) {
    case "last7":
      return { from: addDays(anchorDay, -6), to: anchorDay };
    case "last30":
      return { from: addDays(anchorDay, -29), to: anchorDay };
    case "last90":
      return { from: addDays(anchorDay, -89), to: anchorDay };
    case "thisMonth":
      return { from: monthStart, to: anchorDay };
    case "lastMonth": {
      const lastDay = addDays(monthStart, -1);
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    }
    case "thisYear":
      return { from: `${y}-01-01`, to: anchorDay };
  }
}

export function defaultRange(anchorDay: string): DayRange {
  return presetRange("last30", anchorDay);
}

export function matchingPreset(range: DayRange, anchorDay: string): PresetId | null {
  return PRESET_IDS.find((id) => {
    const r = presetRange(id, anchorDay);
    return r.from === range.from && r.to === range.to;
  }) ?? null;
}
