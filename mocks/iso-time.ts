/** Years 0000 to 9999 are written with four digits; a Date outside them takes `toISOString`'s own path. */
const minFastMs = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const maxFastMs = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/**
 * `new Date(ms).toISOString()`, byte for byte, written by integer arithmetic for years 0000–9999 (the
 * Date object and its formatting were most of a metafield's JSON, which every loyalty read and write
 * answers with). Throws the same RangeError for a time a Date cannot show.
 *
 * @param ms - Milliseconds since 1970-01-01T00:00:00Z; cut toward zero to whole ms, as a Date does.
 * @example
 * isoTime(1250); // '1970-01-01T00:00:01.250Z'
 */
export function isoTime(ms: number): string {
  // A Date keeps whole ms, cut toward zero (TimeClip).
  const whole = Math.trunc(ms);
  if (!(whole >= minFastMs && whole <= maxFastMs)) return new Date(ms).toISOString();
  const millis = ((whole % 1000) + 1000) % 1000;
  const second = whole - millis;
  // Answers come in runs within a few seconds (a busy simulated second), but interleaved: a metafield's
  // created_at is its first write's second and its updated_at now's, so one remembered second missed on
  // every other call. The text up to the ms is kept per second in a small table indexed by the second
  // (bounded: one text a slot), the date once per day.
  const slot = (second / 1000) & (secondSlots - 1);
  let text = slotTexts[slot];
  if (slotSeconds[slot] !== second || text === undefined) {
    text = secondText(second);
    slotSeconds[slot] = second;
    slotTexts[slot] = text;
  }
  return text + millisText(millis);
}

/** How many seconds' texts are kept: a power of two, so a second's slot is a mask of its number. */
const secondSlots = 64;
/** Whole seconds (in ms) written lately by slot, and their text up to the ms, `YYYY-MM-DDTHH:MM:SS.`. */
const slotSeconds = new Float64Array(secondSlots).fill(Number.NaN);
const slotTexts: string[] = [];
/** The last day (days since 1970-01-01) written and its text, `YYYY-MM-DDT`. */
let lastDay = Number.NaN;
let lastDayText = '';
/** `000Z` … `999Z`, made as needed. */
const millisTexts: string[] = [];

function millisText(millis: number): string {
  return (millisTexts[millis] ??= `${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`);
}

/** `YYYY-MM-DDTHH:MM:SS.` of a whole second, in ms since 1970-01-01T00:00:00Z. */
function secondText(second: number): string {
  const msOfDay = ((second % 86_400_000) + 86_400_000) % 86_400_000;
  const days = (second - msOfDay) / 86_400_000;
  if (days !== lastDay) {
    lastDayText = dayText(days);
    lastDay = days;
  }
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor(msOfDay / 60_000) % 60;
  const seconds = Math.floor(msOfDay / 1000) % 60;
  return `${lastDayText}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.`;
}

/** `YYYY-MM-DDT` of a day, in days since 1970-01-01. */
function dayText(days: number): string {
  // Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
  // days_from_civil's inverse), all in exact integers.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}T`;
}

/** `00` … `99`: the two-digit fields of a timestamp, read from here instead of written each time. */
const twoDigits: readonly string[] = Array.from({ length: 100 }, (_, value) =>
  value < 10 ? `0${value}` : `${value}`,
);

function pad2(value: number): string {
  return twoDigits[value] ?? `${value}`;
}

function pad4(value: number): string {
  return value < 10 ? `000${value}` : value < 100 ? `00${value}` : value < 1000 ? `0${value}` : `${value}`;
}
