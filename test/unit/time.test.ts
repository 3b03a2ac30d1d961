import { describe, expect, it } from "vitest";
import { addDays, daysInRange, eachDay, parseDayRange, previousPeriod, shopLocalDay, zonedWallTimeToInstant } from "../../app/modules/time";

describe("shop-local days", () => {
  it("books an instant on the shop's calendar day, not UTC's", () => {
    // 23:30 in Amsterdam on 31 Dec (CET, UTC+1) is 22:30 UTC the same day...
    expect(shopLocalDay(new Date("2025-12-31T22:30:00Z"), "Europe/Amsterdam")).toBe("2025-12-31");
    // ...and 00:30 on 1 Jan local is still 31 Dec in UTC.
    expect(shopLocalDay(new Date("2025-12-31T23:30:00Z"), "Europe/Amsterdam")).toBe("2026-01-01");
    expect(shopLocalDay(new Date("2026-01-01T04:00:00Z"), "America/New_York")).toBe("2025-12-31");
  });
  it("handles the daylight-saving days of Europe/London", () => {
    // Spring forward 2011-03-27 01:00 GMT -> 02:00 BST.
    expect(zonedWallTimeToInstant("2011-03-27 00:30:00", "Europe/London").toISOString()).toBe("2011-03-27T00:30:00.000Z");
    expect(zonedWallTimeToInstant("2011-03-27 03:00:00", "Europe/London").toISOString()).toBe("2011-03-27T02:00:00.000Z");
    // A wall time inside the gap moves forward by the gap.
    expect(zonedWallTimeToInstant("2011-03-27 01:30:00", "Europe/London").toISOString()).toBe("2011-03-27T01:30:00.000Z");
    // Fall back 2011-10-30 02:00 BST -> 01:00 GMT: 01:30 happens twice; the earlier (BST) is taken.
    expect(zonedWallTimeToInstant("2011-10-30 01:30:00", "Europe/London").toISOString()).toBe("2011-10-30T00:30:00.000Z");
    expect(zonedWallTimeToInstant("2011-10-30 09:00:00", "Europe/London").toISOString()).toBe("2011-10-30T09:00:00.000Z");
    expect(zonedWallTimeToInstant("2011-07-01 08:26:00", "Europe/London").toISOString()).toBe("2011-07-01T07:26:00.000Z");
    // Around midnight in summer: 00:30 BST on 1 Jul is 23:30 UTC on 30 Jun, but the shop's day is 1 Jul.
    const i = zonedWallTimeToInstant("2011-07-01 00:30:00", "Europe/London");
    expect(i.toISOString()).toBe("2011-06-30T23:30:00.000Z");
    expect(shopLocalDay(i, "Europe/London")).toBe("2011-07-01");
  });
  it("does range arithmetic over DST changes by calendar day", () => {
    expect(daysInRange("2011-03-01", "2011-03-31")).toBe(31);
    expect(eachDay("2011-10-29", "2011-10-31")).toEqual(["2011-10-29", "2011-10-30", "2011-10-31"]);
    expect(addDays("2011-03-27", 1)).toBe("2011-03-28");
    expect(previousPeriod({ from: "2011-11-01", to: "2011-11-30" })).toEqual({ from: "2011-10-02", to: "2011-10-31" });
  });
  it("validates day ranges with messages that name the field", () => {
    expect(() => parseDayRange("2011-02-30", "2011-03-01")).toThrow(/from: expected a day/);
    expect(() => parseDayRange("2011-03-01", "yesterday")).toThrow(/to: expected a day/);
    expect(() => parseDayRange("2011-03-02", "2011-03-01")).toThrow(/before/);
  });
});
