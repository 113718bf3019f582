// Builds elements from text only: a person's words always become text nodes (never HTML), so nothing they write can
// become markup or script. There is no innerHTML anywhere in these pages.

/** h('div', { class: 'x', dataset: { id: '1' }, attrs: { title: 't' }, on: { click: fn } }, 'text', child, ...) */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    else if (key === 'attrs') for (const [name, v] of Object.entries(value)) { if (v !== undefined && v !== null && v !== false) element.setAttribute(name, v === true ? '' : String(v)); }
    else if (key === 'text') element.textContent = value;
    else element[key] = value;
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/** Shows or hides an element (the [hidden] attribute). */
export function show(element, visible = true) {
  element.hidden = !visible;
}

/** Text with the given ranges wrapped in <mark>: each piece is a text node. */
export function highlighted(text, ranges) {
  const pieces = [];
  let at = 0;
  for (const { index, length } of [...ranges].sort((a, b) => a.index - b.index)) {
    if (index < at) continue;
    if (index > at) pieces.push(text.slice(at, index));
    pieces.push(h('mark', {}, text.slice(index, index + length)));
    at = index + length;
  }
  if (at < text.length) pieces.push(text.slice(at));
  return pieces;
}

/** A notification at the bottom right, at most three at a time: errors (the library's message) stay longer. */
export function toast(message, kind = 'info') {
  let area = document.getElementById('toasts');
  if (!area) {
    area = h('div', { id: 'toasts', class: 'toasts', attrs: { 'aria-live': 'polite' } });
    document.body.append(area);
  }
  const close = h('button', { class: 'toast-close', attrs: { type: 'button', 'aria-label': 'Dismiss' } }, '×');
  const item = h('div', { class: `toast ${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } }, h('span', { class: 'toast-text' }, message), close);
  close.addEventListener('click', () => item.remove());
  area.append(item);
  while (area.children.length > 3) area.firstElementChild.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 12000 : 5000);
  return item;
}

/** Runs fn at most once per wait, the last call winning. */
export function debounce(fn, wait) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}
