// Run by bundledNss.test.ts in a child process (sometimes in a mount namespace where the system's NSS
// libraries are hidden): launches the browser the tests would use, renders a page, and prints one JSON
// line saying what happened and which shared libraries the running browser process has mapped.
import { readdirSync, readFileSync } from 'node:fs';
import { launchTestBrowser, testBrowser } from './testBrowser.ts';

/** Pids of this process's children (the browser playwright started). */
function childPids(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Paths of the shared objects a process has mapped. */
function mappedLibraries(pid: number): string[] {
  const paths = new Set<string>();
  for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
    const path = line.split(/\s+/).slice(5).join(' ');
    if (/\.so(\.|$)/.test(path)) paths.add(path);
  }
  return [...paths].sort();
}

const which = await testBrowser();
const { browser } = await launchTestBrowser();
const page = await browser.newPage();
await page.setContent('<p id="probe">rendered by <b>Chromium</b></p>');
const text = await page.locator('#probe').textContent();
const screenshotBytes = (await page.screenshot()).length;
const libraries = childPids().flatMap((pid) => mappedLibraries(pid));
await browser.close();
process.stdout.write(JSON.stringify({ describe: which.describe, executable: which.executablePath, version: browser.version(), text, screenshotBytes, libraries: [...new Set(libraries)].sort() }) + '\n');
