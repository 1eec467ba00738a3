/**
 * Excalidraw-shaped elements (0.18 field set) for the benchmarks, with a
 * seeded PRNG so runs are repeatable.
 */

/** mulberry32: tiny, fast, good enough for load shapes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A 21-character id like Excalidraw's nanoid ids. */
export function elementId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 21; i++) id += ID_ALPHABET[Math.floor(random() * 64)];
  return id;
}

const int = (random: () => number, max: number) => Math.floor(random() * max);
const COLORS = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00'];
const BACKGROUNDS = ['transparent', '#ffc9c9', '#b2f2bb', '#a5d8ff', '#ffec99'];

export type ElementType = 'rectangle' | 'ellipse' | 'diamond' | 'arrow' | 'text';

/** Fractional index like Excalidraw's (base-62 keys); increasing with `n`. */
export function fractionalIndex(n: number): string {
  return `a${n.toString(36).padStart(4, '0')}`;
}

export type Element = Record<string, unknown> & { id: string; type: string; version: number; versionNonce: number; isDeleted: boolean };

/** A fresh element of the given type (version 1), ~400–600 bytes of JSON. */
export function newElement(random: () => number, id: string, type: ElementType, n: number, updated: number): Element {
  const base: Element = {
    id,
    type,
    x: int(random, 4000) - 2000 + random(),
    y: int(random, 3000) - 1500 + random(),
    width: 40 + int(random, 400) + random(),
    height: 30 + int(random, 300) + random(),
    angle: 0,
    strokeColor: COLORS[int(random, COLORS.length)]!,
    backgroundColor: BACKGROUNDS[int(random, BACKGROUNDS.length)]!,
    fillStyle: 'solid',
    strokeWidth: 2,
    strokeStyle: 'solid',
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: fractionalIndex(n),
    roundness: type === 'rectangle' ? { type: 3 } : type === 'arrow' ? { type: 2 } : null,
    seed: int(random, 2 ** 31),
    version: 1,
    versionNonce: int(random, 2 ** 31),
    isDeleted: false,
    boundElements: null,
    updated,
    link: null,
    locked: false,
  };
  if (type === 'text') {
    const text = ['feature store', 'online model', 'ranking service', 'label pipeline', 'p99 < 50 ms', 'Kafka topic'][int(random, 6)]!;
    Object.assign(base, {
      text,
      fontSize: 20,
      fontFamily: 5,
      textAlign: 'left',
      verticalAlign: 'top',
      containerId: null,
      originalText: text,
      autoResize: true,
      lineHeight: 1.25,
    });
  }
  if (type === 'arrow') {
    Object.assign(base, {
      points: [
        [0, 0],
        [base.width, base.height],
      ],
      lastCommittedPoint: null,
      startBinding: null,
      endBinding: null,
      startArrowhead: null,
      endArrowhead: 'arrow',
      elbowed: false,
    });
  }
  return base;
}

/** The next version of `el`: moved or resized, as Excalidraw's mutateElement does it. */
export function editElement(random: () => number, el: Element, updated: number): Element {
  const next: Element = { ...el, version: el.version + 1, versionNonce: int(random, 2 ** 31), updated };
  if (random() < 0.6) {
    next.x = (el.x as number) + (random() - 0.5) * 40;
    next.y = (el.y as number) + (random() - 0.5) * 40;
  } else {
    next.width = Math.max(10, (el.width as number) + (random() - 0.5) * 30);
    next.height = Math.max(10, (el.height as number) + (random() - 0.5) * 30);
    if (el.type === 'arrow') {
      next.points = [
        [0, 0],
        [next.width, next.height],
      ];
    }
  }
  return next;
}

/** Excalidraw's deletion: a tombstone with a bumped version. */
export function deleteElement(random: () => number, el: Element, updated: number): Element {
  return { ...el, isDeleted: true, version: el.version + 1, versionNonce: int(random, 2 ** 31), updated };
}

export const ELEMENT_TYPES: ElementType[] = ['rectangle', 'rectangle', 'ellipse', 'diamond', 'arrow', 'arrow', 'text'];
