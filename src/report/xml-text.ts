/**
 * Text for an XML attribute or element: the five markup characters escaped, and characters XML 1.0 cannot hold
 * at all (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) shown as `\xNN` so the document stays
 * well-formed whatever a file's names contain.
 */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')
}

/** Same, for element content: line breaks kept as they are (readable in CI logs). */
export const xmlContent = (s: string): string => xmlText(s).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t')
