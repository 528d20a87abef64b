/**
 * Helpers for tests of the reports. Not part of the public API.
 *
 * parseXml is a strict reader for the XML that src/report/junit.ts writes (declaration, elements,
 * attributes, character data; no DTD, comments or CDATA): it checks well-formedness — matching tags,
 * quoted attributes, no raw < or bare & — and returns the element tree, so the JUnit tests need no
 * XML library.
 *
 * @example
 * parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1"><b/></a>').children[0].name; // 'b'
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`raw < in ${where}`);
  return s.replace(/&([#\w]*)(;?)/g, (_m, e: string, semi: string) => {
    if (!semi) throw new Error(`bare & in ${where}`);
    if (e in ENTITIES) return ENTITIES[e];
    const code = /^#x([0-9a-fA-F]+)$/.exec(e)?.[1] ?? /^#([0-9]+)$/.exec(e)?.[1];
    if (code === undefined) throw new Error(`unknown entity &${e}; in ${where}`);
    return String.fromCodePoint(parseInt(code, e.startsWith('#x') ? 16 : 10));
  });
}

/** A strict reader for the XML we write: declaration, elements, attributes, text; no DTD, no CDATA. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error('missing XML declaration');
  i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const end = xml.indexOf('<', i);
      const raw = xml.slice(i, end < 0 ? xml.length : end);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new Error('text outside the root element');
      } else stack[stack.length - 1].text += decode(raw, `<${stack[stack.length - 1].name}>`);
      i = end < 0 ? xml.length : end;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const m = /^<\/([A-Za-z][\w.-]*)\s*>/.exec(xml.slice(i));
      if (!m) throw new Error(`bad end tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> does not close <${open?.name}>`);
      i += m[0].length;
      continue;
    }
    const m = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"]*")*)\s*(\/?)>/.exec(xml.slice(i));
    if (!m) throw new Error(`bad start tag at ${i}: ${xml.slice(i, i + 40)}`);
    const el: XmlElement = { name: m[1], attrs: {}, children: [], text: '' };
    for (const a of m[2].matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
      if (a[1] in el.attrs) throw new Error(`duplicate attribute ${a[1]}`);
      el.attrs[a[1]] = decode(a[2], `attribute ${a[1]}`);
    }
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('two root elements');
    else root = el;
    if (!m[3]) stack.push(el);
    i += m[0].length;
  }
  if (stack.length || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root;
}
