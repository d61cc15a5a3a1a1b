import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/** Dimmed text one shade darker than Mantine's default, so small grey text keeps WCAG AA contrast on white. */
export const cssVariablesResolver: CSSVariablesResolver = (current) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    // Light badges and outlines read their text from these: the darkest shades keep AA contrast.
    ...Object.fromEntries(Object.keys(current.colors).flatMap((name) => [
      [`--mantine-color-${name}-light-color`, `var(--mantine-color-${name}-9)`],
      [`--mantine-color-${name}-outline`, `var(--mantine-color-${name}-8)`],
    ])),
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)', '--mantine-color-placeholder': 'var(--mantine-color-dark-1)' },
});

/** Dense by default: a portal shows many rows and fields at once. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 on white (and white on shade 8) passes WCAG AA for text; Mantine's default 6 does not.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm' } },
  },
});
