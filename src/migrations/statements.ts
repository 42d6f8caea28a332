/**
 * A small SQL statement splitter for the checks squawk does not make (which columns a migration drops,
 * whether a down file does anything). It only needs to know where statements end: it skips comments,
 * quoted strings and identifiers, and dollar-quoted bodies, and gives each statement's code with the
 * comments blanked out.
 */

export interface SqlStatement {
  /** The statement without comments, whitespace collapsed, no trailing `;`. */
  code: string;
  /** 1-based line of its first token, and of its last. */
  line: number;
  endLine: number;
}

export function splitStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let code = '';
  let line = 1;
  let start = -1;
  let last = 1;
  const flush = () => {
    const text = code.replace(/\s+/g, ' ').trim();
    if (text) out.push({ code: text, line: start, endLine: last });
    code = '';
    start = -1;
  };
  const take = (text: string) => {
    if (start < 0 && /\S/.test(text)) start = line + (text.match(/^\s*/)![0].match(/\n/g)?.length ?? 0);
    code += text;
    line += text.match(/\n/g)?.length ?? 0;
    if (/\S/.test(text)) last = line - (text.match(/\s*$/)![0].match(/\n/g)?.length ?? 0);
  };
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    let m: RegExpExecArray | null;
    if (rest.startsWith('--')) {
      const end = rest.indexOf('\n');
      i += end < 0 ? rest.length : end;
      code += ' ';
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/');
      const comment = end < 0 ? rest : rest.slice(0, end + 2);
      const newlines = comment.match(/\n/g)?.length ?? 0;
      line += newlines;
      code += newlines ? '\n' : ' ';
      i += comment.length;
    } else if ((m = /^'(?:[^']|'')*'?|^"(?:[^"]|"")*"?/.exec(rest))) {
      take(m[0]);
      i += m[0].length;
    } else if ((m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest))) {
      const end = rest.indexOf(m[0], m[0].length);
      const body = end < 0 ? rest : rest.slice(0, end + m[0].length);
      take(body);
      i += body.length;
    } else if (rest[0] === ';') {
      flush();
      i += 1;
    } else {
      m = /^[^-/'"$;]+|^./s.exec(rest)!;
      take(m[0]);
      i += m[0].length;
    }
  }
  flush();
  return out;
}

/** Strips double quotes from an identifier and lower-cases unquoted ones, as Postgres does. */
export function identifierName(raw: string): string {
  const last = raw.split('.').pop()!;
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
}

/**
 * Lines inside `-- safety-assured:start` .. `-- safety-assured:end` blocks: the convention of the
 * migration linters of the Rust / Postgres world (diesel-guard; strong_migrations' `safety_assured`)
 * by which a team marks statements whose deployment risk it has weighed and accepted. A block left
 * open runs to the end of the file, as those linters read it.
 */
export function safetyAssuredLines(sql: string): ReadonlySet<number> {
  const out = new Set<number>();
  let open = false;
  sql.split(/\r?\n/).forEach((text, i) => {
    const marker = /^\s*--\s*safety-assured:(start|end)\b/i.exec(text)?.[1]?.toLowerCase();
    if (marker === 'start') open = true;
    else if (marker === 'end') open = false;
    else if (open) out.add(i + 1);
  });
  return out;
}
