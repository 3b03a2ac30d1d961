// CSV export: formula-looking cells escaped, numbers left alone, RFC 4180 quoting.
import { describe, expect, test } from "vitest";
import { csvCell, toCsv } from "../../app/components/kpi/csv";

describe("csv", () => {
  test("formula-looking cells get an apostrophe; negative numbers stay numbers", () => {
    expect(["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "-60.00", "12", "Mug"].map(csvCell))
      .toEqual(["\"'=HYPERLINK(\"\"x\"\")\"", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "-60.00", "12", "Mug"]);
  });
  test("quoting and line ends", () => {
    expect(toCsv(["channel", "net"], [["Shop, online", "1.00"], ["Say \"hi\"", "-2.50"]])).toBe("channel,net\r\n\"Shop, online\",1.00\r\n\"Say \"\"hi\"\"\",-2.50\r\n");
  });
});
