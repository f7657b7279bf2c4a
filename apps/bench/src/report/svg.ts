/** Minimal helpers for hand-written SVG/HTML: elements as strings, escaped text, ticks. */

export type Attributes = Record<string, string | number | undefined>;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function element(name: string, attributes: Attributes = {}, children: string | string[] = []): string {
  const rendered = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(typeof value === 'number' ? round(value) : String(value))}"`)
    .join('');
  const content = Array.isArray(children) ? children.join('') : children;
  return `<${name}${rendered}>${content}</${name}>`;
}

export function text(content: string, attributes: Attributes = {}): string {
  return element('text', attributes, escapeXml(content));
}

/** Coordinates with two decimals are plenty and keep the page small. */
function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * About `count` round tick values (1, 2 or 5 times a power of ten apart) inside [low, high],
 * or, with `cover`, from the tick at or below `low` to the tick at or above `high`, so that
 * an axis that ends on its last tick holds every value.
 */
export function linearTicks(low: number, high: number, count: number, cover = false): number[] {
  if (!(high > low)) return [low];
  const rough = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const first = (cover ? Math.floor(low / step) : Math.ceil(low / step)) * step;
  const last = (cover ? Math.ceil(high / step) : Math.floor(high / step)) * step;
  const ticks: number[] = [];
  for (let index = 0; first + index * step <= last + step * 1e-9; index++) {
    ticks.push(Math.round((first + index * step) / step) * step);
  }
  return ticks;
}

/** Powers of ten from 10^floor(log low) to 10^ceil(log high). */
export function decadeTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    ticks.push(10 ** exponent);
  }
  return ticks;
}

export function formatTick(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1000) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** One colour per row, stable across charts. */
export function rowColour(rowId: string): string {
  const colours: Record<string, string> = {
    erts: '#3b3b98',
    block: '#c0392b',
    split: '#d68910',
    epoch: '#1e8449',
    'epoch-inline': '#7d3c98',
  };
  return colours[rowId] ?? '#555555';
}
