import DOMPurify from 'dompurify';

/**
 * Text with the server's `<mark>` highlights. The server escapes everything else; sanitizing again
 * (only `mark` survives) means a compromised or buggy server still cannot inject markup.
 */
export function Highlighted({ html, fallback }: { html: string | null; fallback: string }) {
  if (!html) return <>{fallback}</>;
  return <span dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] }) }} />;
}
