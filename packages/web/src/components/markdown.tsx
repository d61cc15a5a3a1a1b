import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { Typography } from '@mantine/core';

/** User-written Markdown, rendered and sanitized: no script, no event handlers, links open safely. */
export function Markdown({ text }: { text: string }) {
  const html = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }), { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] });
  // Links are underlined: in running text colour alone does not mark them (WCAG 1.4.1).
  return <Typography><div className="portico-markdown" dangerouslySetInnerHTML={{ __html: html }} /></Typography>;
}
