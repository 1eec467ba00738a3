/**
 * The import graph of server/ and lib/, read with TypeScript's own import
 * scanner (ts.preProcessFile), folded into folders: one node per capability
 * folder (`server/rubric`, `lib/realtime`), and one per file directly under
 * server/ (`server/env.ts`). Type-only imports count: a type is a dependency
 * too, and a cycle through types still ties two folders together.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const TOP_DIRS = ['server', 'lib'] as const;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(root: string, from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** `server/rubric/notes.ts` -> `server/rubric`; `server/env.ts` -> `server/env.ts`; outside server/ and lib/ -> null. */
export function nodeOf(root: string, file: string): string | null {
  const parts = path.relative(root, file).split(path.sep);
  if (!(TOP_DIRS as readonly string[]).includes(parts[0]!)) return null;
  return parts.length === 2 ? parts.join('/') : `${parts[0]}/${parts[1]}`;
}

export interface ImportEdge {
  from: string;
  to: string;
  /** One file-level import that makes this edge, for the failure message. */
  via: string;
}

/** Folder-level edges of everything under root's server/ and lib/ (self-edges dropped). */
export function folderEdges(root: string): ImportEdge[] {
  const edges = new Map<string, ImportEdge>();
  for (const top of TOP_DIRS) {
    for (const file of sourceFiles(path.join(root, top))) {
      const from = nodeOf(root, file)!;
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        const target = resolveImport(root, file, fileName);
        const to = target && nodeOf(root, target);
        if (!to || to === from) continue;
        const key = `${from} -> ${to}`;
        if (!edges.has(key)) edges.set(key, { from, to, via: `${path.relative(root, file)} imports ${fileName}` });
      }
    }
  }
  return [...edges.values()];
}

/** Strongly connected components with more than one node (Tarjan): each is a cycle between folders. */
export function cycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges) {
    graph.set(from, [...(graph.get(from) ?? []), to]);
    if (!graph.has(to)) graph.set(to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)!) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** Each cycle with the imports that close it, readable in a test failure. */
export function describeCycles(edges: ImportEdge[]): string[] {
  return cycles(edges).map((component) => {
    const members = new Set(component);
    const inside = edges.filter((e) => members.has(e.from) && members.has(e.to));
    return `${component.join(' <-> ')}:\n${inside.map((e) => `    ${e.from} -> ${e.to} (${e.via})`).join('\n')}`;
  });
}
