/** Just enough Cargo.toml reading for the layering rule: the package name and dependency lines. */

export interface DependencyLine {
  /** 1-based line in the manifest. */
  line: number;
  /** The crate depended on (the `package = ".."` of a renamed dependency, else the key). */
  crate: string;
  /** `dependencies`, `dev-dependencies`, `build-dependencies` (target tables folded in). */
  kind: 'dependencies' | 'dev-dependencies' | 'build-dependencies';
}

export function packageName(manifest: string): string | null {
  let inPackage = false;
  for (const raw of manifest.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      inPackage = header[1]!.trim() === 'package';
      continue;
    }
    const m = inPackage && /^name\s*=\s*"([^"]+)"/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** Every dependency declared in the manifest, with the line that declares it. */
export function dependencyLines(manifest: string): DependencyLine[] {
  const out: DependencyLine[] = [];
  let kind: DependencyLine['kind'] | null = null;
  manifest.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      // `[dependencies]`, `[target.'cfg(unix)'.dependencies]`, `[dependencies.sqlx]`
      const m = /(^|\.)(dependencies|dev-dependencies|build-dependencies)(\.([\w-]+))?$/.exec(name);
      kind = m ? (m[2] as DependencyLine['kind']) : null;
      if (m?.[4]) out.push({ line: i + 1, crate: m[4], kind: kind! });
      if (m?.[4]) kind = null; // the table's keys are options of that one dependency
      return;
    }
    if (!kind) return;
    const dep = /^([A-Za-z0-9_-]+)\s*(\.\s*[\w-]+\s*)?=/.exec(line);
    if (!dep) return;
    const renamed = /\bpackage\s*=\s*"([^"]+)"/.exec(line)?.[1];
    out.push({ line: i + 1, crate: renamed ?? dep[1]!, kind });
  });
  return out;
}
