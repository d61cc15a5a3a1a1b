/** Mantine palette names for level colours, including the names Port scorecards use. */
const ALIASES: Record<string, string> = {
  gold: 'yellow', silver: 'gray', bronze: 'orange', paleBlue: 'cyan', darkGray: 'dark', lightGray: 'gray', turquoise: 'teal', purple: 'grape', brown: 'orange',
};
const PALETTE = new Set(['dark', 'gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange']);

export function levelColour(colour: string): string {
  const name = ALIASES[colour] ?? colour;
  return PALETTE.has(name) ? name : 'gray';
}

/** A CSS colour for charts, which want a value rather than a palette name. */
export function levelColourVar(colour: string): string {
  return `var(--mantine-color-${levelColour(colour)}-6)`;
}
