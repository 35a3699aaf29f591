import cliProgress from 'cli-progress';

/** A progress bar on a terminal; silent (all no-ops) when stderr is not a TTY. */
export function progressBar(label: string): { update: (fraction: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% of virtual time | {duration}s`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0);
  let stopped = false;
  return {
    update: (f) => bar.update(Math.round(f * 1000)),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
