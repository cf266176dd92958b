/**
 * Where a command's time goes: a V8 CPU profile (node --cpu-prof) summed by where each sampled
 * function lives — a package under node_modules (exceljs, its zip and XML libraries, pdf …), a
 * source module of the product (the CLI bundle keeps esbuild's `// src/…` comment before each
 * module, so a line number names its module), node's own code, or the garbage collector.
 * Self time only: a sample counts for the function on top of the stack.
 */
import { readFileSync } from 'node:fs';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileGroup {
  name: string;
  ms: number;
  share: number;
  /** The heaviest functions of the group, by self time. */
  top: { fn: string; ms: number }[];
}

/** Line (0-based) → source module of an esbuild bundle, from its `// src/…` comments. */
function moduleLines(bundlePath: string): { line: number; module: string }[] {
  const out: { line: number; module: string }[] = [];
  readFileSync(bundlePath, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(text);
      if (m) out.push({ line, module: m[1] });
    });
  return out;
}

function moduleAt(lines: { line: number; module: string }[], line: number): string {
  let lo = 0,
    hi = lines.length - 1,
    found = 'product (bundle)';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].line <= line) {
      found = lines[mid].module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Groups the profile's self time; `bundle` is the product's bundled file (dist/cli/yrkesresan.js). */
export function summarizeProfile(profilePath: string, bundle: string): { totalMs: number; groups: ProfileGroup[] } {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const lines = moduleLines(bundle);
  const groupOf = new Map<number, [string, string]>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = functionName || '(anonymous)';
    let group: string;
    if (functionName === '(garbage collector)') group = 'garbage collector';
    else if (functionName === '(idle)') group = '(idle: waiting for the disk)';
    else if (functionName === '(program)' || functionName === '(root)') group = '(V8: compiling, runtime)';
    else if (/\/node_modules\//.test(url)) {
      const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url.slice(url.lastIndexOf('/node_modules/')));
      group = m ? m[1] : 'node_modules';
    } else if (url.endsWith(bundle.split('/').slice(-2).join('/'))) group = moduleAt(lines, lineNumber);
    else if (url.startsWith('node:') || url === '') group = 'node (fs, zlib, streams, built-ins)';
    else group = url.replace(/^file:\/\//, '');
    groupOf.set(n.id, [group, fn]);
  }
  const byGroup = new Map<string, { us: number; fns: Map<string, number> }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const [group, fn] = groupOf.get(id) ?? ['?', '?'];
    const g = byGroup.get(group) ?? { us: 0, fns: new Map<string, number>() };
    g.us += dt;
    g.fns.set(fn, (g.fns.get(fn) ?? 0) + dt);
    byGroup.set(group, g);
    total += dt;
  });
  const groups = [...byGroup.entries()]
    .map(([name, g]) => ({
      name,
      ms: g.us / 1000,
      share: g.us / total,
      top: [...g.fns.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([fn, us]) => ({ fn, ms: us / 1000 })),
    }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, groups };
}
