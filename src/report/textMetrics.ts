/**
 * Text widths for vega's layout without a canvas: advance widths of DejaVu Sans (regular and
 * bold, in 1/1000 em, read from the font files), so legends and titles get the space the text
 * really takes in the SVG and PNG (vega's fallback guesses 0.8 em per character).
 */
import * as vega from 'vega';

const CHARS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~βρσγτθπμαεΔ½²³⁰¹⁴⁵⁶⁷⁸⁹⁻−–—‖⟨⟩₀₁₂ₜ∞∝·≤≥±…×≈→ˆ̂ᵢ∈√°’";
const REGULAR = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838,638,635,634,592,602,612,602,636,659,541,684,969,401,401,401,401,401,401,401,401,401,401,528,838,500,1000,500,390,390,401,401,401,295,833,714,318,838,838,838,1000,838,838,838,500,0,179,871,637,500,318];
const BOLD = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838,716,716,779,681,638,687,791,736,687,557,774,1035,438,438,438,438,438,438,438,438,438,438,528,838,500,1000,500,457,457,438,438,438,388,833,712,380,838,838,838,1000,838,838,838,500,0,219,896,667,500,380];

const tables = [REGULAR, BOLD].map((w) => new Map([...CHARS].map((c, i) => [c, w[i]])));

/** Width in pixels of `text` at `size` px; characters outside the table count as a wide glyph. */
export function textWidth(text: string, size: number, bold = false): number {
  const t = tables[bold ? 1 : 0];
  let w = 0;
  for (const c of text) w += t.get(c) ?? 700;
  return (w * size) / 1000;
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

let installed = false;

/** Make vega measure text with the table (once per process). */
export function installTextMetrics(): void {
  if (installed) return;
  installed = true;
  // vega's typings omit textMetrics, which vega-scenegraph exports for exactly this use.
  const metrics = (vega as unknown as { textMetrics: unknown }).textMetrics as { width: (item: TextItem, text?: unknown) => number };
  metrics.width = (item, text) => {
    const value = text ?? item.text;
    const s = value === null || value === undefined ? "" : Array.isArray(value) ? value.join(" ") : String(value);
    const weight = item.fontWeight;
    const bold = weight === "bold" || (typeof weight === "number" && weight >= 600) || weight === "600" || weight === "700";
    return textWidth(s, item.fontSize ?? 11, bold);
  };
}
