// The dashboard's date range: a button showing the range, opening a popover with presets, two
// day fields (YYYY-MM-DD) and a two-month calendar. Apply hands the range to onApply, which puts
// it in the URL (?from=&to=), so a range can be bookmarked and the loader stays the only reader.
import { useCallback, useState } from "react";
import {
  BlockStack,
  Box,
  Button,
  DatePicker,
  InlineGrid,
  InlineStack,
  OptionList,
  Popover,
  Text,
  TextField,
  type Range,
} from "@shopify/polaris";
import { isDay, type DayRange } from "../modules/time";
import { PRESET_IDS, matchingPreset, presetRange, type PresetId } from "./date-presets";
import { format, type Messages } from "../i18n";

/** "2011-11-03" -> local midnight Date (Polaris' DatePicker works in local dates). */
function toLocalDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y, m - 1, d);
}

function fromLocalDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** The calendar shows the month before `to` and `to`'s month. */
function monthsFor(to: string): { month: number; year: number } {
  const d = toLocalDate(to);
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return { month: d.getMonth(), year: d.getFullYear() };
}

export interface DateRangePickerProps {
  range: DayRange;
  /** The range as shown on the button, formatted by the server ("1 Nov 2011 – 30 Nov 2011"). */
  rangeLabel: string;
  anchorDay: string;
  anchorLabel: string;
  messages: Messages;
  onApply(range: DayRange): void;
}

export function DateRangePicker({ range, rangeLabel, anchorDay, anchorLabel, messages, onApply }: DateRangePickerProps) {
  const t = messages.range;
  const [open, setOpen] = useState(false);
  const [fromText, setFromText] = useState(range.from);
  const [toText, setToText] = useState(range.to);
  const [{ month, year }, setMonth] = useState(() => monthsFor(range.to));

  const reset = useCallback(() => {
    setFromText(range.from);
    setToText(range.to);
    setMonth(monthsFor(range.to));
  }, [range.from, range.to]);

  const fromValid = isDay(fromText);
  const toValid = isDay(toText);
  const ordered = fromValid && toValid && fromText <= toText;
  const draft: DayRange | null = ordered ? { from: fromText, to: toText } : null;
  const selectedPreset = draft ? matchingPreset(draft, anchorDay) : null;

  const choosePreset = (id: PresetId) => {
    const r = presetRange(id, anchorDay);
    setFromText(r.from);
    setToText(r.to);
    setMonth(monthsFor(r.to));
  };

  const onCalendarChange = ({ start, end }: Range) => {
    setFromText(fromLocalDate(start));
    setToText(fromLocalDate(end ?? start));
  };

  const activatorLabel = (() => {
    const preset = matchingPreset(range, anchorDay);
    return preset ? `${t[preset]}: ${rangeLabel}` : rangeLabel;
  })();

  const activator = (
    <Button
      disclosure
      onClick={() => {
        if (!open) reset();
        setOpen(!open);
      }}
      accessibilityLabel={`${t.label}: ${activatorLabel}`}
    >
      {activatorLabel}
    </Button>
  );

  return (
    <div data-testid="date-range-picker">
      <Popover active={open} activator={activator} onClose={() => setOpen(false)} preferredAlignment="left" fluidContent>
        <Popover.Pane fixed>
          <InlineGrid columns={{ xs: "1fr", md: "max-content max-content" }} gap="0">
            <Box borderInlineEndWidth="025" borderColor="border" minWidth="180px">
              <OptionList
                options={PRESET_IDS.map((id) => ({ value: id, label: t[id] }))}
                selected={selectedPreset ? [selectedPreset] : []}
                onChange={(values) => values[0] && choosePreset(values[0] as PresetId)}
              />
            </Box>
            <Box padding="400" maxWidth="600px">
              <BlockStack gap="400">
                <InlineGrid columns={2} gap="400">
                  <TextField
                    label={t.from}
                    value={fromText}
                    onChange={setFromText}
                    placeholder={t.dayFormat}
                    autoComplete="off"
                    error={fromText && !fromValid ? t.invalidDay : undefined}
                    name="from"
                  />
                  <TextField
                    label={t.to}
                    value={toText}
                    onChange={setToText}
                    placeholder={t.dayFormat}
                    autoComplete="off"
                    error={toText && !toValid ? t.invalidDay : fromValid && toValid && !ordered ? t.toBeforeFrom : undefined}
                    name="to"
                  />
                </InlineGrid>
                <DatePicker
                  month={month}
                  year={year}
                  onMonthChange={(m, y) => setMonth({ month: m, year: y })}
                  onChange={onCalendarChange}
                  selected={draft ? { start: toLocalDate(draft.from), end: toLocalDate(draft.to) } : undefined}
                  allowRange
                  multiMonth
                  weekStartsOn={1}
                />
                <Text as="p" variant="bodySm" tone="subdued">
                  {format(t.anchorNote, { day: anchorLabel })}
                </Text>
              </BlockStack>
            </Box>
          </InlineGrid>
        </Popover.Pane>
        <Popover.Pane fixed>
          <Box padding="300" borderBlockStartWidth="025" borderColor="border">
            <InlineStack align="end" gap="200">
              <Button onClick={() => setOpen(false)}>{t.cancel}</Button>
              <Button
                variant="primary"
                disabled={!draft}
                onClick={() => {
                  if (!draft) return;
                  setOpen(false);
                  onApply(draft);
                }}
              >
                {t.apply}
              </Button>
            </InlineStack>
          </Box>
        </Popover.Pane>
      </Popover>
    </div>
  );
}
