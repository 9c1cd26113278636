/** Formats a number for a table cell ("–" for missing values; thousands separated by a space at 0 digits). */
export function fmt(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (digits === 0) return Math.round(value).toLocaleString("en-US").replace(/,/g, " ");
  return value.toFixed(digits);
}
