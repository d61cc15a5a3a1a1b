import { Anchor, Badge, Code, Group, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { PropertySchema } from '../api/types.ts';
import { Markdown } from './markdown.tsx';
import { YamlCode } from './yaml-code.tsx';

// Hues whose darkest shade reads at WCAG AA on their own light tint (yellow, orange and lime do not).
const COLOURS = ['blue', 'teal', 'grape', 'cyan', 'pink', 'violet', 'indigo', 'red', 'green'];

/** A stable colour per enum value, so "production" looks the same everywhere. */
export function enumColour(value: string, schema?: PropertySchema): string {
  const known: Record<string, string> = { production: 'green', experimental: 'violet', deprecated: 'red', true: 'green', false: 'gray' };
  if (known[value]) return known[value];
  const index = schema?.enum ? schema.enum.indexOf(value) : [...value].reduce((a, c) => a + c.charCodeAt(0), 0);
  return COLOURS[Math.abs(index) % COLOURS.length] ?? 'gray';
}

/** "3 hours ago", with the exact time in a tooltip. */
export function RelativeTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <>{iso}</>;
  const seconds = (Date.now() - date.getTime()) / 1000;
  const units: [number, Intl.RelativeTimeFormatUnit][] = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  let unit: Intl.RelativeTimeFormatUnit = 'second';
  for (const [size, name] of units) {
    unit = name;
    if (Math.abs(value) < size) break;
    value /= size;
  }
  const text = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(-Math.round(value), unit);
  return <Tooltip label={date.toLocaleString()}><time dateTime={iso}>{text}</time></Tooltip>;
}

/**
 * A property value rendered by its format: links for URLs, relative times for dates, coloured
 * badges for enums and tags, sanitized Markdown, YAML and JSON as code.
 * @param compact table cells: one line, no Markdown blocks.
 */
export function PropertyValue({ value, schema, compact = false }: { value: unknown; schema?: PropertySchema; compact?: boolean }) {
  if (value === null || value === undefined || value === '') return <Text span c="dimmed">—</Text>;
  const format = schema?.format;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return <Group gap={4} wrap={compact ? 'nowrap' : 'wrap'} style={compact ? { width: 'max-content' } : undefined}>{value.map((v) => <Badge key={String(v)} variant="dot" color={enumColour(String(v))} size="sm" tt="none" style={{ flexShrink: 0, maxWidth: 'none' }}>{String(v)}</Badge>)}</Group>;
    }
    return <Code block={!compact} tabIndex={compact ? undefined : 0}>{compact ? JSON.stringify(value).slice(0, 80) : JSON.stringify(value, null, 2)}</Code>;
  }
  if (typeof value === 'object') return <Code block={!compact} tabIndex={compact ? undefined : 0}>{compact ? JSON.stringify(value).slice(0, 80) : JSON.stringify(value, null, 2)}</Code>;
  if (typeof value === 'boolean') return <Badge variant="dot" color={value ? 'green' : 'gray'} size="sm">{value ? 'yes' : 'no'}</Badge>;
  const text = String(value);
  if (format === 'url' || /^https?:\/\//.test(text)) return <Anchor href={text} target="_blank" rel="noopener noreferrer" size="sm">{compact ? text.replace(/^https?:\/\//, '').slice(0, 40) : text}</Anchor>;
  if (format === 'email') return <Anchor href={`mailto:${text}`} size="sm">{text}</Anchor>;
  if (format === 'date-time') return <RelativeTime iso={text} />;
  // A TTL: the countdown to when the thing it belongs to expires.
  if (format === 'timer') {
    const expired = Date.parse(text) <= Date.now();
    return <Badge variant="dot" color={expired ? 'red' : 'orange'} size="sm" tt="none" data-testid="timer">{expired ? 'expired ' : 'expires '}<RelativeTime iso={text} /></Badge>;
  }
  if (format === 'team') return <Anchor component={Link} to={`/catalog/team/${encodeURIComponent(text)}`} size="sm">{text}</Anchor>;
  if (format === 'user') return <Anchor component={Link} to={`/catalog/user/${encodeURIComponent(text)}`} size="sm">{text}</Anchor>;
  // Dot badges: the colour marks the value, the text stays at full contrast.
  if (schema?.enum) return <Badge variant="dot" color={enumColour(text, schema)} size="sm" tt="none">{text}</Badge>;
  if (format === 'markdown') return compact ? <Text size="sm" lineClamp={1}>{text}</Text> : <Markdown text={text} />;
  if (format === 'yaml') return compact ? <Code>{text.slice(0, 60)}</Code> : <YamlCode text={text} />;
  return <Text span size="sm" style={compact ? { whiteSpace: 'nowrap' } : { whiteSpace: 'pre-wrap' }}>{compact && text.length > 80 ? `${text.slice(0, 80)}…` : text}</Text>;
}
