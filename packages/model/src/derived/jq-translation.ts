/**
 * Port writes calculation properties in jq. Portico evaluates JSONata (sandboxed, with a time
 * limit), so Port blueprints are carried over by translating the jq that is plain paths, literals
 * and arithmetic — `.properties.namespace + "/" + .properties.name` — and naming everything else.
 */
const TOKEN = /\s*(?:(\.[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|("(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?)|([-+*/()]))/y;

/** @returns the JSONata equivalent, or null when the expression is not in the translatable subset. */
export function translateJq(expression: string): string | null {
  const parts: string[] = [];
  let hasString = false;
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < expression.length) {
    if (/^\s*$/.test(expression.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(expression);
    if (!match) return null;
    position = TOKEN.lastIndex;
    const [, path, string, number, operator] = match;
    if (path) parts.push(path.slice(1));
    else if (string) {
      hasString = true;
      parts.push(string);
    } else if (number) parts.push(number);
    else if (operator) parts.push(operator);
  }
  if (parts.length === 0) return null;
  // jq's + joins strings; JSONata's string join is &.
  return parts.map((p) => (p === '+' && hasString ? '&' : p)).join(' ');
}
