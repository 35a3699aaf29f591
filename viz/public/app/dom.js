// DOM helpers. Trace data only ever reaches the page as text (textContent, text nodes, SVG text via
// d3 .text()) or as plain attributes such as title: never as HTML, never as a URL.

const FORBIDDEN = new Set(['href', 'src', 'style', 'srcdoc', 'action', 'formaction']);

/** `el('td', { class: 'n', text: value }, child...)`: an element with text children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = String(v);
    else if (k === 'text') node.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (FORBIDDEN.has(k) || k.startsWith('on')) throw new Error(`el: attribute ${k} is not allowed`);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A short explanatory paragraph (no data, or an error). */
export function notice(text, cls = 'notice') {
  return el('p', { class: cls, text });
}

/** A table from a header row and rows of cell values (strings, numbers or nodes). */
export function table(headers, rows, cls = 'data') {
  return el(
    'table',
    { class: cls },
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { text: h })))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => (c instanceof Node ? el('td', {}, c) : el('td', { text: c ?? '' })))))),
  );
}
