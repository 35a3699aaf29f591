import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Joins the viewer's browser modules into one classic script, for the self-contained report. The
 * modules keep to a small subset of ES module syntax, checked here: `import { a, b as c } from
 * './x.js';` on one line, and `export function|async function|const|class name`. Each module becomes
 * a function scope returning its exports, in dependency order.
 */
export function bundleModules(entry: string): string {
  const order: string[] = [];
  const sources = new Map<string, { code: string; deps: { names: string; file: string }[]; exports: string[] }>();
  const visit = (file: string, stack: string[]) => {
    if (sources.has(file)) return;
    if (stack.includes(file)) throw new Error(`bundle: import cycle ${[...stack, file].map((f) => basename(f)).join(' -> ')}`);
    const text = readFileSync(file, 'utf8');
    const deps: { names: string; file: string }[] = [];
    const exports: string[] = [];
    const lines = text.split('\n').map((line, i) => {
      const where = `${basename(file)}:${i + 1}`;
      const imp = /^import\s*\{([^}]*)\}\s*from\s*'\.\/([\w-]+\.js)';?\s*$/.exec(line);
      if (imp) {
        deps.push({ names: imp[1]!, file: join(dirname(file), imp[2]!) });
        return '';
      }
      if (/^\s*import[\s{(*'"]/.test(line)) throw new Error(`bundle: ${where}: unsupported import form`);
      const exp = /^export\s+(async\s+function\*?|function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/.exec(line);
      if (exp) {
        exports.push(exp[2]!);
        return line.slice('export '.length);
      }
      if (/^\s*export[\s{*]/.test(line)) throw new Error(`bundle: ${where}: unsupported export form`);
      return line;
    });
    for (const d of deps) visit(d.file, [...stack, file]);
    sources.set(file, { code: lines.join('\n'), deps, exports });
    order.push(file);
  };
  visit(entry, []);
  const varOf = (file: string) => `__module_${basename(file, '.js').replace(/[^\w$]/g, '_')}`;
  const parts = order.map((file) => {
    const m = sources.get(file)!;
    const imports = m.deps.map((d) => `  const { ${d.names.split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.replace(/\s+as\s+/, ': ')).join(', ')} } = ${varOf(d.file)};`);
    return `const ${varOf(file)} = (() => {\n${imports.join('\n')}\n${m.code}\nreturn { ${m.exports.join(', ')} };\n})();`;
  });
  return `(() => {\n'use strict';\n${parts.join('\n')}\n})();\n`;
}
