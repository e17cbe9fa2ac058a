/** Text for HTML, XML or SVG, in an element or a quoted attribute: every character that could end either escaped. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
