/**
 * Topic hues from the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen to
 * stay distinguishable under the common colour-vision deficiencies. Black is left out: it is the
 * text colour. A topic keeps its hue for as long as it exists: a new topic takes the first hue no
 * live topic uses, so creating or deleting one never recolours the others.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

export type TopicHues = ReadonlyMap<string, string>;

/** The hues for `topics`, keeping every hue `previous` gave to a topic still present. */
export function assignTopicHues(topics: readonly string[], previous: TopicHues = new Map()): TopicHues {
  const next = new Map<string, string>();
  for (const topic of topics) {
    const kept = previous.get(topic);
    if (kept !== undefined) next.set(topic, kept);
  }
  for (const topic of topics) {
    if (next.has(topic)) continue;
    const used = new Set(next.values());
    // Past eight topics hues repeat; state is never shown by hue alone, and the chip names its topic.
    next.set(topic, OKABE_ITO.find((hue) => !used.has(hue)) ?? OKABE_ITO[next.size % OKABE_ITO.length]);
  }
  return next;
}

/** Black or white, whichever reads better on `hue` (WCAG relative luminance, threshold at its midpoint contrast). */
export function textOn(hue: string): '#000000' | '#ffffff' {
  const channel = (offset: number) => {
    const c = parseInt(hue.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
