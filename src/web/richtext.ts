// Bodies are written as Markdown and stored with their sanitised HTML rendition, so no script,
// style or event handler an editor pastes can ever reach a visitor.
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'code', 'pre', 'hr'],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    // h1 is the page title; demote any heading an editor writes so every page keeps one <h1>.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
  },
};

export function renderMarkdown(md: string): string {
  const htmlOut = marked.parse(md, { async: false, gfm: true, breaks: true }) as string;
  return sanitizeHtml(htmlOut, ALLOWED);
}

export function sanitizeRichText(htmlIn: string): string {
  return sanitizeHtml(htmlIn, ALLOWED);
}

/** Plain text of a body, for summaries and search snippets. */
export function plainText(md: string, max = 200): string {
  const text = sanitizeHtml(marked.parse(md, { async: false }) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? text.slice(0, max) + '…' : text;
}
