import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The browser side: index.html, style.css and the ES modules under app/. */
export const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');

/** d3's UMD bundle, beside the ESM entry that `import 'd3'` resolves to. */
export const D3_BUNDLE = join(dirname(fileURLToPath(import.meta.resolve('d3'))), 'd3.min.js');
