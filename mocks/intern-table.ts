/**
 * One shared copy of strings that repeat on every order (line item titles, note attribute names), and
 * their JSON text: a million orders then hold one string per distinct title, not one each, and writing an
 * order's JSON looks the escaped text up instead of escaping it again. Bounded: past `limit` distinct
 * strings, new ones are kept as they come and escaped each time.
 */
export class InternTable {
  private readonly strings = new Map<string, string>();
  /** At most one entry per interned string. */
  private readonly jsonOfStrings = new Map<string, string>();

  /** @param limit - The most strings interned. Defaults to 4096. */
  constructor(private readonly limit = 4096) {}

  /** The shared copy of `text` (interned now if there is room), or `text` itself. */
  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size < this.limit) this.strings.set(text, text);
    return text;
  }

  /** `JSON.stringify(text)`, remembered when `text` is interned. */
  json(text: string): string {
    const known = this.jsonOfStrings.get(text);
    if (known !== undefined) return known;
    const json = JSON.stringify(text);
    if (this.strings.has(text)) this.jsonOfStrings.set(text, json);
    return json;
  }
}
